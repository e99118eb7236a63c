import { AppException } from '@tongban/platform';

export enum StaffErrorCode {
  USERNAME_TAKEN = 'USERNAME_TAKEN',
  UNKNOWN_CLINIC = 'UNKNOWN_CLINIC',
  CANNOT_DEACTIVATE_SELF = 'CANNOT_DEACTIVATE_SELF',
  CURRENT_PASSWORD_WRONG = 'CURRENT_PASSWORD_WRONG',
}

const STATUS: Record<StaffErrorCode, number> = {
  USERNAME_TAKEN: 409,
  UNKNOWN_CLINIC: 422,
  CANNOT_DEACTIVATE_SELF: 422,
  CURRENT_PASSWORD_WRONG: 422,
};

export class StaffException extends AppException {
  constructor(code: StaffErrorCode, detail?: string) {
    super(STATUS[code], code, detail);
  }
}
