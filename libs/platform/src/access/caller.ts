import { Role } from './role';

/**
 * The authenticated staff member behind a request, passed first to every
 * service method. Built by the access guard from a verified access token
 * whose account and session are still live.
 */
export interface Caller {
  staffId: string;
  username: string;
  role: Role;
  /** null for an admin, who belongs to no clinic. */
  clinicId: string | null;
  sessionId: string;
  requestId: string;
  /**
   * The caller's clinic as the session check read it, with the session (one statement for both): the clinics area
   * hands it out (`ClinicsService.callersClinic`) and reads the clinic itself where it is absent.
   */
  readonly clinic?: unknown;
}

/** Context of a request with no signed-in caller (login, refresh). */
export interface RequestMeta {
  requestId: string;
  ip: string;
}
