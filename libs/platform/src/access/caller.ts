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
}

/** Context of a request with no signed-in caller (login, refresh). */
export interface RequestMeta {
  requestId: string;
  ip: string;
}
