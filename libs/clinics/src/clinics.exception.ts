import { AppException } from '@tongban/platform';

export enum ClinicsErrorCode {
  CLINIC_CODE_TAKEN = 'CLINIC_CODE_TAKEN',
}

const STATUS: Record<ClinicsErrorCode, number> = {
  CLINIC_CODE_TAKEN: 409,
};

export class ClinicsException extends AppException {
  constructor(code: ClinicsErrorCode, detail?: string) {
    super(STATUS[code], code, detail);
  }
}
