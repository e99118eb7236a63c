import { AppException } from '@tongban/platform';

export enum DosingErrorCode {
  DOSE_ALREADY_GIVEN = 'DOSE_ALREADY_GIVEN',
  NO_ACTIVE_ORDER = 'NO_ACTIVE_ORDER',
  DOSE_EXCEEDS_ORDER = 'DOSE_EXCEEDS_ORDER',
  REASON_REQUIRED = 'REASON_REQUIRED',
  ASSESSMENT_REQUIRED = 'ASSESSMENT_REQUIRED',
  ORDER_SUSPENDED = 'ORDER_SUSPENDED',
  CLIENT_NOT_ACTIVE = 'CLIENT_NOT_ACTIVE',
  TAKE_HOME_NOT_ALLOWED = 'TAKE_HOME_NOT_ALLOWED',
}

const STATUS: Record<DosingErrorCode, number> = {
  DOSE_ALREADY_GIVEN: 409,
  NO_ACTIVE_ORDER: 422,
  DOSE_EXCEEDS_ORDER: 422,
  REASON_REQUIRED: 422,
  ASSESSMENT_REQUIRED: 422,
  ORDER_SUSPENDED: 422,
  CLIENT_NOT_ACTIVE: 422,
  TAKE_HOME_NOT_ALLOWED: 422,
};

export class DosingException extends AppException {
  constructor(code: DosingErrorCode, detail?: string) {
    super(STATUS[code], code, detail);
  }
}
