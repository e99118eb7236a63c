import type { Schemas } from '../../api/client';
import type { Role } from '../../auth/session';

/**
 * A client as the API answered for the caller's view: a peer leader's
 * pseudonym, a physician's or nurse's clinical identity, or the full record.
 * Only the fields present were sent; a screen shows those and no others.
 */
export type AnyClient = Schemas['ClientPseudonymDto'] & Partial<Omit<Schemas['ClientDto'], keyof Schemas['ClientPseudonymDto']>>;

export type ClientStatus = Schemas['ClientDto']['status'];
export const CLIENT_STATUSES: ClientStatus[] = ['active', 'dropped_out', 'discharged', 'transferred', 'deceased'];

/** Query keys of the client area; everything about one client sits under `clientKey(id)`. */
export const clientKey = (id: string) => ['clients', id] as const;
export const clientPartKey = (id: string, part: string, ...rest: unknown[]) => ['clients', id, part, ...rest] as const;
export const caseloadKey = (q: string, status: string) => ['clients', 'caseload', q, status] as const;

export type TabName = 'overview' | 'dosing' | 'sessions' | 'family' | 'consents' | 'groups';

/**
 * The tabs of the client record each role may open: a tab whose API answers
 * 403 for the role is not shown (api.md and the role's permissions).
 */
export function tabsFor(role: Role): TabName[] {
  switch (role) {
    case 'coordinator':
    case 'counselor':
      return ['overview', 'dosing', 'sessions', 'family', 'consents', 'groups'];
    case 'physician':
    case 'nurse':
      return ['overview', 'dosing'];
    default:
      return ['overview'];
  }
}

/** What each role may write on the client record. */
export const may = {
  register: (role: Role) => role === 'counselor' || role === 'coordinator',
  logSession: (role: Role) => role === 'counselor',
  writeFamily: (role: Role) => role === 'counselor',
  recordConsent: (role: Role) => role === 'counselor' || role === 'coordinator',
  emergencyAccess: (role: Role) => role === 'counselor' || role === 'physician' || role === 'nurse',
  writeOrder: (role: Role) => role === 'physician',
  /** api.md: coordinator, care-team counselor (the only counselors who see the identity), nurse. */
  takePhoto: (role: Role) => role === 'coordinator' || role === 'counselor' || role === 'nurse',
  /** api.md: the nurse who recorded it (same clinic day; the API decides), a physician, the coordinator. */
  voidDose: (role: Role) => role === 'nurse' || role === 'physician' || role === 'coordinator',
};

/** An empty form field is left out of the request. */
export function optional(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
