import type { Schemas } from '../../api/client';
import { can, type Permission, type User } from '../../auth/session';

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

export type TabName =
  'overview' | 'dosing' | 'drugTests' | 'sessions' | 'assessments' | 'carePlan' | 'referrals' | 'family' | 'consents' | 'groups' | 'manage';

/** Each tab with the permission its API needs: a tab whose API answers 403 for the user is not shown. */
const TABS: [TabName, Permission][] = [
  ['overview', 'client.read'],
  ['dosing', 'dose.read'],
  ['drugTests', 'drug_test.read'],
  ['sessions', 'counseling.read'],
  ['carePlan', 'care_plan.read'],
  ['referrals', 'referral.read'],
  ['assessments', 'assessment.read'],
  ['family', 'family.read'],
  ['consents', 'consent.read'],
  ['groups', 'client.groups.read'],
];

/**
 * The changes to the record (care team, identity, a manual reminder): one tab for those who hold any of their
 * permissions. Discharge and readmission (`episode.manage`) sit with the episodes on the overview.
 */
const MANAGE: Permission[] = ['care_team.manage', 'client.update', 'reminder.create'];

/** The tabs of the client record the user may open, from the permissions `/auth/me` answered. */
export function tabsFor(user: User): TabName[] {
  const tabs = TABS.filter(([, permission]) => can(user, permission)).map(([tab]) => tab);
  return MANAGE.some((permission) => can(user, permission)) ? [...tabs, 'manage'] : tabs;
}

/** What the user may write on the client record: the permission of each route (api.md); the API decides each record. */
export const may = {
  register: (user: User) => can(user, 'client.create'),
  logSession: (user: User) => can(user, 'counseling.write'),
  writeFamily: (user: User) => can(user, 'family.write'),
  recordConsent: (user: User) => can(user, 'consent.record'),
  emergencyAccess: (user: User) => can(user, 'emergency_access.request'),
  writeOrder: (user: User) => can(user, 'dose_order.write'),
  /** The coordinator, a care-team counselor (the only counselors who see the identity), a nurse. */
  takePhoto: (user: User) => can(user, 'client.photo.manage'),
  /** The nurse who recorded it (same clinic day; the API decides), a physician, the coordinator. */
  voidDose: (user: User) => can(user, 'dose.void'),
  /** The coordinator and physicians (the API asks for the client's referral consent). */
  exportFhir: (user: User) => can(user, 'client.fhir.export'),
};

/** An empty form field is left out of the request. */
export function optional(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
