import { AppException } from '@tongban/platform';

export enum ExportsErrorCode {
  CONSENT_REQUIRED = 'CONSENT_REQUIRED',
}

const STATUS: Record<ExportsErrorCode, number> = {
  CONSENT_REQUIRED: 422,
};

export class ExportsException extends AppException {
  constructor(code: ExportsErrorCode, detail?: string) {
    super(STATUS[code], code, detail);
  }
}
