import { AppException } from '@tongban/platform';

export enum CarePlansErrorCode {
  /** A care plan is kept for an open episode: the client is not in treatment. */
  CLIENT_NOT_ACTIVE = 'CLIENT_NOT_ACTIVE',
  /** The referral shares personal data and the client has no `referral` consent in force. */
  CONSENT_REQUIRED = 'CONSENT_REQUIRED',
  /** A referral's status may not move that way (a closed referral is final; nothing goes back to made). */
  INVALID_TRANSITION = 'INVALID_TRANSITION',
}

const STATUS: Record<CarePlansErrorCode, number> = {
  CLIENT_NOT_ACTIVE: 422,
  CONSENT_REQUIRED: 422,
  INVALID_TRANSITION: 422,
};

export class CarePlansException extends AppException {
  constructor(code: CarePlansErrorCode, detail?: string) {
    super(STATUS[code], code, detail);
  }
}
