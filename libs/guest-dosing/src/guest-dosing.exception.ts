import { AppException } from '@tongban/platform';

export enum GuestDosingErrorCode {
  /** The host is the client's own clinic. */
  HOST_IS_HOME_CLINIC = 'HOST_IS_HOME_CLINIC',
  /** No clinic has this id. */
  UNKNOWN_CLINIC = 'UNKNOWN_CLINIC',
  /** `from` lies before today in the home clinic. */
  GUEST_DOSING_IN_PAST = 'GUEST_DOSING_IN_PAST',
  /** More than 30 days. */
  GUEST_DOSING_TOO_LONG = 'GUEST_DOSING_TOO_LONG',
  /** Another arrangement of the client shares a day with this one. */
  GUEST_DOSING_OVERLAPS = 'GUEST_DOSING_OVERLAPS',
  /** Ended already, or its days are over. */
  GUEST_DOSING_OVER = 'GUEST_DOSING_OVER',
  CLIENT_NOT_ACTIVE = 'CLIENT_NOT_ACTIVE',
  /** A transfer of the client is pending already. */
  TRANSFER_PENDING = 'TRANSFER_PENDING',
  /** The transfer was accepted or declined already. */
  TRANSFER_DECIDED = 'TRANSFER_DECIDED',
  /** Accepted before its day. */
  TRANSFER_NOT_DUE = 'TRANSFER_NOT_DUE',
}

const STATUS: Record<GuestDosingErrorCode, number> = {
  HOST_IS_HOME_CLINIC: 422,
  UNKNOWN_CLINIC: 422,
  GUEST_DOSING_IN_PAST: 422,
  GUEST_DOSING_TOO_LONG: 422,
  GUEST_DOSING_OVERLAPS: 409,
  GUEST_DOSING_OVER: 409,
  CLIENT_NOT_ACTIVE: 422,
  TRANSFER_PENDING: 409,
  TRANSFER_DECIDED: 409,
  TRANSFER_NOT_DUE: 422,
};

export class GuestDosingException extends AppException {
  constructor(code: GuestDosingErrorCode, detail?: string, field?: string) {
    super(STATUS[code], code, detail, field && detail ? [{ field, message: detail }] : undefined);
  }
}
