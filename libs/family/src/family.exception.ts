import { AppException } from '@tongban/platform';

export enum FamilyErrorCode {
  /** The contact may not be contacted: the client did not allow it (mayContact) or has no active family_contact consent. */
  CONTACT_NOT_PERMITTED = 'CONTACT_NOT_PERMITTED',
}

const STATUS: Record<FamilyErrorCode, number> = {
  CONTACT_NOT_PERMITTED: 422,
};

export class FamilyException extends AppException {
  constructor(code: FamilyErrorCode, detail?: string) {
    super(STATUS[code], code, detail);
  }
}
