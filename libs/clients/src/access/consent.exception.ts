import { AppException } from '@tongban/platform';

export enum ConsentErrorCode {
  STAFF_NOT_ELIGIBLE = 'STAFF_NOT_ELIGIBLE',
  ALREADY_ON_CARE_TEAM = 'ALREADY_ON_CARE_TEAM',
  CONSENT_ALREADY_REVOKED = 'CONSENT_ALREADY_REVOKED',
  EMERGENCY_ACCESS_NOT_ALLOWED = 'EMERGENCY_ACCESS_NOT_ALLOWED',
  EMERGENCY_ACCESS_LIMIT_REACHED = 'EMERGENCY_ACCESS_LIMIT_REACHED',
}

const STATUS: Record<ConsentErrorCode, number> = {
  STAFF_NOT_ELIGIBLE: 422,
  ALREADY_ON_CARE_TEAM: 409,
  CONSENT_ALREADY_REVOKED: 409,
  EMERGENCY_ACCESS_NOT_ALLOWED: 422,
  EMERGENCY_ACCESS_LIMIT_REACHED: 422,
};

export class ConsentException extends AppException {
  constructor(code: ConsentErrorCode, detail?: string) {
    super(STATUS[code], code, detail);
  }
}
