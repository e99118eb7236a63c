import { AppException } from '@tongban/platform';

export enum PeerGroupsErrorCode {
  INVALID_LEADER = 'INVALID_LEADER',
  CONSENT_REQUIRED = 'CONSENT_REQUIRED',
  ALREADY_MEMBER = 'ALREADY_MEMBER',
  NOT_A_MEMBER = 'NOT_A_MEMBER',
  MEETING_NOT_HELD = 'MEETING_NOT_HELD',
  /** A group has at most 3 meetings a clinic day. */
  TOO_MANY_MEETINGS = 'TOO_MANY_MEETINGS',
  /** Weekly meetings need the group's meeting day and time. */
  NO_MEETING_SCHEDULE = 'NO_MEETING_SCHEDULE',
}

const STATUS: Record<PeerGroupsErrorCode, number> = {
  INVALID_LEADER: 422,
  CONSENT_REQUIRED: 422,
  ALREADY_MEMBER: 409,
  NOT_A_MEMBER: 422,
  MEETING_NOT_HELD: 422,
  TOO_MANY_MEETINGS: 422,
  NO_MEETING_SCHEDULE: 422,
};

export class PeerGroupsException extends AppException {
  constructor(code: PeerGroupsErrorCode, detail?: string) {
    super(STATUS[code], code, detail);
  }
}
