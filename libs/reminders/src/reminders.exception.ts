import { AppException } from '@tongban/platform';

export enum RemindersErrorCode {
  CLIENT_NOT_ACTIVE = 'CLIENT_NOT_ACTIVE',
  CONSENT_REQUIRED = 'CONSENT_REQUIRED',
  CONTACT_MISSING = 'CONTACT_MISSING',
  NOTE_NOT_DISCREET = 'NOTE_NOT_DISCREET',
  TEMPLATE_NOT_DISCREET = 'TEMPLATE_NOT_DISCREET',
  REMINDER_NOT_PENDING = 'REMINDER_NOT_PENDING',
  REMINDER_NOT_FAILED = 'REMINDER_NOT_FAILED',
  EVENT_PASSED = 'EVENT_PASSED',
}

const STATUS: Record<RemindersErrorCode, number> = {
  CLIENT_NOT_ACTIVE: 422,
  CONSENT_REQUIRED: 422,
  CONTACT_MISSING: 422,
  NOTE_NOT_DISCREET: 422,
  TEMPLATE_NOT_DISCREET: 422,
  REMINDER_NOT_PENDING: 409,
  REMINDER_NOT_FAILED: 409,
  EVENT_PASSED: 422,
};

export class RemindersException extends AppException {
  constructor(code: RemindersErrorCode, detail?: string, errors?: Array<{ field: string; message: string }>) {
    super(STATUS[code], code, detail, errors);
  }
}
