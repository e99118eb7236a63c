import { AccessGrounds, Role } from '@tongban/platform';

/**
 * The kinds of a client's data a route touches. `window` is what the
 * dispensing window needs to dose the person at the counter: their photo,
 * their standing today under the order in force, and the dose recorded there
 * (the rest of `dosing`, orders and the dose history, is not in it).
 */
export const CLIENT_DATA_KINDS = [
  'profile',
  'care_team',
  'episodes',
  'consents',
  'access_log',
  'dosing',
  'window',
  'counseling',
  'counseling_notes',
  'assessments',
  'assessment_answers',
  'family',
  'attendance',
  'care_plan',
  'care_plan_notes',
  'referrals',
  'referral_notes',
  'drug_tests',
] as const;
export type ClientDataKind = (typeof CLIENT_DATA_KINDS)[number];

/**
 * What the caller means to do with that data: `read` it, a `clinical_act` of
 * their role (a dose, an order, a counseling session), or `manage` the record
 * (record or revoke consents, change identity or the photo, family contacts,
 * group membership). Routes that change a client's record say `manage`.
 */
export type AccessPurpose = 'read' | 'clinical_act' | 'manage';

/** Which fields of the client record a caller sees. */
export type ClientView = 'full' | 'clinical' | 'pseudonym';

export interface AccessDecision {
  grounds: AccessGrounds;
  view: ClientView;
  /** Set when the caller is a guest's host clinic: its chain records the access too. */
  hostClinicId?: string;
}

/**
 * The everyday relation a role needs to a client of its own clinic:
 * `clinic` any of its clients, `in_treatment` those in treatment, `care_team`
 * those whose care team it is on, `led_group_with_consent` members of a group
 * it leads (or whose care team it is on) with a `peer_support` consent in
 * force, `none` no client.
 */
export type Relation = 'clinic' | 'in_treatment' | 'care_team' | 'led_group_with_consent' | 'none';

export interface RoleRule {
  relation: Relation;
  /** What that relation is called in the access log. */
  grounds: AccessGrounds;
  /** The kinds of data the relation opens. */
  kinds: ReadonlySet<ClientDataKind>;
  view: ClientView;
  /** May break the glass (emergency access) for a client of the clinic it has no relation to. */
  mayBreakGlass: boolean;
}

const kinds = (...list: ClientDataKind[]): ReadonlySet<ClientDataKind> => new Set(list);
const CLINICAL_KINDS = kinds('profile', 'care_team', 'episodes', 'dosing', 'window');

/**
 * Who sees what of a client (product.md, "Who uses it"), written once: the
 * access policy decides from this table and builds its SQL from it.
 */
export const ROLE_RULES: Readonly<Record<Role, RoleRule>> = {
  [Role.Admin]: { relation: 'none', grounds: 'role', kinds: kinds(), view: 'pseudonym', mayBreakGlass: false },
  [Role.Coordinator]: {
    relation: 'clinic',
    grounds: 'role',
    kinds: kinds(
      'profile',
      'care_team',
      'episodes',
      'consents',
      'access_log',
      'dosing',
      'window',
      'counseling',
      'family',
      'attendance',
      'care_plan',
      'referrals',
      'assessments',
      'drug_tests',
    ),
    view: 'full',
    mayBreakGlass: false,
  },
  // Physicians see drug tests, assessment scores (not answers), care-plan goals and reviews without their notes, and make
  // and read referrals (with their notes).
  [Role.Physician]: {
    relation: 'clinic',
    grounds: 'role',
    kinds: kinds(...CLINICAL_KINDS, 'drug_tests', 'assessments', 'care_plan', 'referrals', 'referral_notes'),
    view: 'clinical',
    mayBreakGlass: true,
  },
  [Role.Nurse]: {
    relation: 'in_treatment',
    grounds: 'role',
    kinds: kinds(...CLINICAL_KINDS, 'drug_tests'),
    view: 'clinical',
    mayBreakGlass: true,
  },
  [Role.Counselor]: {
    relation: 'care_team',
    grounds: 'care_team',
    kinds: kinds(...CLIENT_DATA_KINDS),
    view: 'full',
    mayBreakGlass: true,
  },
  [Role.PeerLeader]: {
    relation: 'led_group_with_consent',
    grounds: 'consent',
    kinds: kinds('profile', 'attendance'),
    view: 'pseudonym',
    mayBreakGlass: false,
  },
};

/**
 * Which purposes emergency access ("break the glass") opens (product.md): the
 * record to read and the clinical acts of the caller's own role, never its
 * management. A caller whose only grounds are emergency gets the 404 of a
 * hidden client for the rest.
 */
export const EMERGENCY_OPENS: Readonly<Record<AccessPurpose, boolean>> = { read: true, clinical_act: true, manage: false };

/** What holds between a caller and a client of the caller's clinic. */
export interface AccessFacts {
  /** The role's everyday relation holds. */
  related: boolean;
  /** The caller broke the glass for this client and it has not expired. */
  emergency: boolean;
}

/**
 * The decision for a caller of `role` about `kind` of a client of the
 * caller's own clinic. Emergency access is full access where it applies: it
 * wins over a narrower everyday view.
 */
export function decideAccess(role: Role, kind: ClientDataKind, facts: AccessFacts, purpose: AccessPurpose): AccessDecision | null {
  const rule = ROLE_RULES[role];
  const byRelation = facts.related && rule.kinds.has(kind) ? { grounds: rule.grounds, view: rule.view } : null;
  if (facts.emergency && rule.mayBreakGlass && EMERGENCY_OPENS[purpose] && byRelation?.view !== 'full') {
    return { grounds: 'emergency', view: 'full' };
  }
  return byRelation;
}

/** The view of a list item shown on these grounds: emergency access shows the whole record. */
export function viewOn(role: Role, grounds: AccessGrounds): ClientView {
  return grounds === 'emergency' ? 'full' : ROLE_RULES[role].view;
}

/**
 * Guest dosing (product.md "Clinical rules"): on the days of an arrangement
 * in force, the host clinic's nurses and physicians may use the dispensing
 * window for a client of another clinic (read what it shows, record a dose
 * there), and nothing else; outside those days, or for anyone else of the
 * host clinic, the client is as hidden as any other clinic's. The
 * arrangement itself is read in SQL (`HostedGuestRule`).
 */
export const GUEST_RULE: {
  readonly roles: ReadonlySet<Role>;
  readonly kinds: ReadonlySet<ClientDataKind>;
  readonly opens: Readonly<Record<AccessPurpose, boolean>>;
  readonly grounds: AccessGrounds;
  readonly view: ClientView;
} = {
  roles: new Set([Role.Nurse, Role.Physician]),
  kinds: kinds('window'),
  opens: { read: true, clinical_act: true, manage: false },
  grounds: 'guest_dosing',
  view: 'clinical',
};

/** Whether a caller of `role` of a host clinic may ever reach this kind of a guest's data for this purpose. */
export function guestMayReach(role: Role, kind: ClientDataKind, purpose: AccessPurpose): boolean {
  return GUEST_RULE.roles.has(role) && GUEST_RULE.kinds.has(kind) && GUEST_RULE.opens[purpose];
}

/**
 * The decision for a caller of another clinic than the client's: the guest
 * rule, when an arrangement with the caller's clinic is in force today
 * (`hosted`) and the client is in treatment. The decision names the host
 * clinic, whose audit chain records each access too.
 */
export function decideGuestAccess(
  role: Role,
  kind: ClientDataKind,
  purpose: AccessPurpose,
  facts: { hosted: boolean; active: boolean; hostClinicId: string },
): AccessDecision | null {
  if (!guestMayReach(role, kind, purpose) || !facts.hosted || !facts.active) return null;
  return { grounds: GUEST_RULE.grounds, view: GUEST_RULE.view, hostClinicId: facts.hostClinicId };
}
