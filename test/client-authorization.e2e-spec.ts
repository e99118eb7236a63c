import { randomBytes, randomUUID } from 'node:crypto';
import { Role } from '@tongban/platform';
import { unzipSync } from 'fflate';
import type { Response } from 'supertest';
import { clinicDay, drawNoDrugTests, makeClinic, makeStaff, SignedIn, signInAdmin, unique } from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { MINUTE } from './support/test-clock';

/**
 * Who may do what to a client, cell by cell: one describe per caller, one row
 * per route. The table below is the contract (product.md "Who uses it" and
 * "Consent scopes", api.md "Clients", "Consent and emergency access",
 * "Dosing", "Counseling, family and peer groups" and "Reports"); to cover a
 * new route, add it to `Route`, to `perform` and to the rows of each caller.
 */

// ---------------------------------------------------------------- the table

const FULL = [
  'id',
  'code',
  'clinicId',
  'givenName',
  'familyName',
  'preferredName',
  'dateOfBirth',
  'sex',
  'phone',
  'email',
  'nationalId',
  'preferredLanguage',
  'status',
  'hasPhoto',
  'createdAt',
  'updatedAt',
] as const;
const CLINICAL = [
  'id',
  'code',
  'clinicId',
  'givenName',
  'familyName',
  'preferredName',
  'dateOfBirth',
  'sex',
  'preferredLanguage',
  'status',
  'hasPhoto',
] as const;
/** A caseload list item as the care team and the coordinator see it: the record with its missed-dose flag, last session and next appointment. */
const CASELOAD_FULL = [...FULL, 'flag', 'lastSessionDate', 'nextAppointmentAt'] as const;
/** A list item with clinical fields: the missed-dose flag, no counseling facts. */
const CASELOAD_CLINICAL = [...CLINICAL, 'flag'] as const;
const PSEUDONYM = ['id', 'code', 'preferredName'] as const;
/** An item of GET /worklist (api.md), found by `clientId`: the subject's consent ending within the renewal window. */
const WORKLIST_ITEM = ['kind', 'clientId', 'code', 'dueOn', 'detail'] as const;
/** An item of GET /dosing/today (api.md "Dosing"), found by `clientId`. */
const DISPENSING_ITEM = [
  'clientId',
  'code',
  'preferredName',
  'givenName',
  'familyName',
  'dateOfBirth',
  'hasPhoto',
  'flag',
  'consecutiveMissedDays',
  'activeOrder',
  'orderSuspended',
  'assessmentRequired',
  'givenTodayMg',
  'remainingTodayMg',
  'dosed',
  'coveredUntil',
  'drugTestDue',
  'guest',
  'guestAt',
] as const;
/** A guest dosing arrangement (api.md "Guest dosing and transfer"), found by `clientId`. */
const ARRANGEMENT = [
  'id',
  'clientId',
  'clientCode',
  'homeClinicId',
  'homeClinicCode',
  'hostClinicId',
  'hostClinicCode',
  'from',
  'until',
  'status',
  'createdAt',
  'endedAt',
] as const;
/** A counseling session with its topics and notes, as the client's counselor sees it. */
const SESSION = ['id', 'clientId', 'date', 'type', 'minutes', 'topics', 'notes', 'nextAppointmentAt', 'counselorId', 'createdAt'] as const;
/** A session just logged, as its counselor sees it: with where its appointment's reminder stands. */
const CREATED_SESSION = [...SESSION, 'appointmentReminder'] as const;
/** A counseling session as a coordinator sees it: no `notes` and no `topics` keys at all (api.md). */
const SESSION_METADATA = ['id', 'clientId', 'date', 'type', 'minutes', 'nextAppointmentAt', 'counselorId', 'createdAt'] as const;
const ASSESSMENT = ['id', 'instrument', 'date', 'total', 'subscales', 'band', 'answers', 'counselorId', 'createdAt'] as const;
const ASSESSMENT_SCORES = ['id', 'instrument', 'date', 'total', 'subscales', 'band'] as const;
const INSTRUMENTS = 'the three instruments';
const CONTACT = [
  'id',
  'clientId',
  'name',
  'relationship',
  'phone',
  'mayContact',
  'livesWithClient',
  'notes',
  'contactable',
  'createdAt',
  'updatedAt',
] as const;
const INTERACTION = ['id', 'familyContactId', 'date', 'channel', 'initiatedBy', 'summary', 'recordedBy', 'recordedAt'] as const;
const GROUP = ['id', 'name', 'leaderIds', 'meetingDay', 'meetingTime', 'location', 'createdAt'] as const;
/** A member of a group, found by `clientId`: the pseudonym and when they joined. */
const MEMBER = ['clientId', 'code', 'preferredName', 'joinedAt'] as const;
const MEETING = ['id', 'groupId', 'date', 'startsAt', 'topic', 'createdAt'] as const;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
/** The answer to planning weekly meetings: how many, which, and the days skipped (no client in it). */
const SERIES = ['created', 'meetings', 'skippedDates'] as const;
/** A record of a meeting's attendance, found by `clientId`: the pseudonym and the status, nothing more. */
const ATTENDANCE = ['clientId', 'code', 'preferredName', 'status', 'reason'] as const;
/** One of the client's memberships in GET /clients/:id/peer-groups, with the attendance recorded during it. */
const MEMBERSHIP = ['groupId', 'groupName', 'joinedAt', 'leftAt', 'attendance'] as const;

/** A care plan: the same keys for every reader; whether review notes show is told by the detail. */
const PLAN_WITH_NOTES = ['episodeId', 'startedOn', 'goals', 'nextReviewDue'] as const;
/** A care plan as a coordinator or physician sees it: reviews without the `note` key (api.md). */
const PLAN_WITHOUT_NOTES = ['episodeId', 'startedOn', 'goals', 'nextReviewDue'] as const;
const GOAL = ['id', 'domain', 'description', 'targetDate', 'status', 'reviews', 'createdBy', 'createdAt', 'updatedAt'] as const;
const REVIEW = ['id', 'date', 'progress', 'note', 'reviewedBy', 'createdAt'] as const;
const REFERRAL = [
  'id',
  'clientId',
  'service',
  'organisation',
  'date',
  'sharesPersonalData',
  'note',
  'status',
  'outcome',
  'attendedOn',
  'followUpDue',
  'referredBy',
  'createdAt',
  'updatedAt',
] as const;
/** A referral as a coordinator sees it: no `note` and no `outcome` keys. */
const REFERRAL_METADATA = REFERRAL.filter((field) => field !== 'note' && field !== 'outcome');

/** The list answers 200 but without the subject client. */
const ABSENT = 'absent';
/** GET /emergency-access lists no grant on a client of clinic A. */
const NO_CLINIC_A_GRANTS = 'no clinic A grants';
/** The answer is exactly `{ expiresAt }`, 60 minutes ahead. */
const EXPIRES_IN_60_MINUTES = 'expires in 60 minutes';
/**
 * The answer is the dosing subject's own record: its order or dose (a write
 * is then listed on that client), its standing, the imported row.
 */
const SUBJECT_DOSING = 'subject dosing';
/** An import naming a client the caller may not see: 400 listing the row, as for an unknown code, and nothing imported. */
const ROW_REFUSED = 'row refused';
/** GET /peer-groups lists exactly the groups the caller leads (api.md), each with the group fields. */
const LED_GROUPS_ONLY = 'led groups only';
/** GET /peer-groups of clinic B's coordinator lists no group of clinic A. */
const NO_CLINIC_A_GROUPS = 'no clinic A groups';
/**
 * Attendance naming a member the caller may no longer see: 422 NOT_A_MEMBER,
 * the same answer as for a client id that names no one, and nothing recorded.
 */
const NOT_A_MEMBER = 'not a member';
/** A report on clinic A that a new record of clinic A changes as it should. */
const OWN_CLINIC_REPORT = 'own clinic report';
/** A report on clinic B alone: a new record of clinic A leaves it as it was, and it counts clinic B's records only. */
const NO_CLINIC_A_DATA = 'no clinic A data';

type Fields =
  | typeof FULL
  | typeof CLINICAL
  | typeof PSEUDONYM
  | typeof CASELOAD_FULL
  | typeof CASELOAD_CLINICAL
  | typeof DISPENSING_ITEM
  | typeof WORKLIST_ITEM
  | typeof ARRANGEMENT
  | typeof SESSION
  | typeof CREATED_SESSION
  | typeof SESSION_METADATA
  | typeof ASSESSMENT
  | typeof ASSESSMENT_SCORES
  | typeof CONTACT
  | typeof INTERACTION
  | typeof GROUP
  | typeof MEMBER
  | typeof MEETING
  | typeof SERIES
  | typeof ATTENDANCE
  | typeof MEMBERSHIP
  | typeof PLAN_WITH_NOTES
  | typeof GOAL
  | typeof REVIEW
  | typeof REFERRAL
  | typeof REFERRAL_METADATA;
type Detail =
  | Fields
  | typeof ABSENT
  | typeof NO_CLINIC_A_GRANTS
  | typeof EXPIRES_IN_60_MINUTES
  | typeof SUBJECT_DOSING
  | typeof ROW_REFUSED
  | typeof LED_GROUPS_ONLY
  | typeof NO_CLINIC_A_GROUPS
  | typeof NOT_A_MEMBER
  | typeof OWN_CLINIC_REPORT
  | typeof NO_CLINIC_A_DATA
  | typeof INSTRUMENTS;

/** The routes of care plans and referrals. */
const PLAN_ROUTES = [
  'GET /clients/:id/care-plan',
  'POST /clients/:id/care-plan/goals',
  'PATCH /clients/:id/care-plan/goals/:goalId',
  'POST /clients/:id/care-plan/goals/:goalId/reviews',
  'POST /clients/:id/referrals',
  'PATCH /clients/:id/referrals/:rid',
  'GET /clients/:id/referrals',
] as const;
const IS_PLAN_ROUTE: ReadonlySet<string> = new Set(PLAN_ROUTES);

/** The routes of the counseling, family, peer-group and care-plan areas, and the reports. */
const SUPPORT_ROUTES = [
  'POST /clients/:id/counseling-sessions',
  'GET /clients/:id/counseling-sessions',
  'GET /assessment-instruments',
  'POST /clients/:id/assessments',
  'GET /clients/:id/assessments',
  'POST /clients/:id/family-contacts',
  'GET /clients/:id/family-contacts',
  'GET /clients/:id/family-contacts/:fid',
  'PATCH /clients/:id/family-contacts/:fid',
  'POST /clients/:id/family-contacts/:fid/interactions',
  'GET /clients/:id/family-contacts/:fid/interactions',
  'POST /peer-groups',
  'GET /peer-groups',
  'GET /peer-groups/:id',
  'PATCH /peer-groups/:id',
  'POST /peer-groups/:id/members',
  'GET /peer-groups/:id/members',
  'DELETE /peer-groups/:id/members/:clientId',
  'POST /peer-groups/:id/meetings',
  'POST /peer-groups/:id/meetings/series',
  'GET /peer-groups/:id/meetings',
  'PUT /peer-groups/:id/meetings/:meetingId/attendance',
  'GET /peer-groups/:id/meetings/:meetingId/attendance',
  'GET /clients/:id/peer-groups',
  'GET /reports/retention',
  'GET /reports/attendance',
  'GET /reports/dosing',
  'GET /reports/peer-uptake',
  'GET /exports/research',
  'GET /exports/research/summary',
  ...PLAN_ROUTES,
] as const;
type SupportRoute = (typeof SUPPORT_ROUTES)[number];

const ROUTES = [
  'POST /clients',
  'GET /clients',
  'GET /clients/:id',
  'PATCH /clients/:id',
  'POST /clients/:id/care-team',
  'GET /clients/:id/care-team',
  'DELETE /clients/:id/care-team/:staffId',
  'POST /clients/:id/discharge',
  'POST /clients/:id/readmit',
  'GET /clients/:id/episodes',
  'POST /clients/:id/consents',
  'POST /clients/:id/consents/:consentId/revoke',
  'GET /clients/:id/consents',
  'POST /clients/:id/emergency-access',
  'GET /emergency-access',
  'POST /emergency-access',
  'GET /clients/:id/access-log',
  'POST /clients/:id/dose-orders',
  'GET /clients/:id/dose-orders',
  'POST /clients/:id/doses',
  'GET /clients/:id/doses',
  'GET /clients/:id/dosing-status',
  'GET /dosing/today',
  'POST /imports/dosing-history',
  'GET /worklist',
  'POST /clients/:id/drug-tests',
  'GET /clients/:id/drug-tests',
  'POST /clients/:id/guest-dosing',
  'GET /guest-dosing',
  'POST /guest-dosing/:id/end',
  'POST /clients/:id/transfers',
  'GET /transfers',
  'POST /transfers/:id/accept',
  'POST /transfers/:id/decline',
  ...SUPPORT_ROUTES,
] as const;

/** Rows only some callers have (the subject is a discharged client). */
type ExtraRoute = 'GET /clients (discharged subject)' | 'GET /clients/:id (discharged subject)';

type Route = (typeof ROUTES)[number] | ExtraRoute;
type Row = readonly [route: Route, expectedStatus: number, expected?: Detail];

/** Every route answers `status`, except those listed. */
function everyRoute(status: number, except: Partial<Record<Route, readonly [number, Detail?]>> = {}): Row[] {
  return ROUTES.map((route): Row => [route, ...(except[route] ?? [status])]);
}

const COUNSELOR_ON_TEAM: Row[] = [
  ['POST /clients', 201],
  ['GET /clients', 200, CASELOAD_FULL],
  ['GET /clients/:id', 200, FULL],
  ['PATCH /clients/:id', 200],
  ['POST /clients/:id/care-team', 403],
  ['GET /clients/:id/care-team', 200],
  ['DELETE /clients/:id/care-team/:staffId', 403],
  ['POST /clients/:id/discharge', 200],
  ['POST /clients/:id/readmit', 201],
  ['GET /clients/:id/episodes', 200],
  ['POST /clients/:id/consents', 201],
  ['POST /clients/:id/consents/:consentId/revoke', 200],
  ['GET /clients/:id/consents', 200],
  ['POST /clients/:id/emergency-access', 201],
  ['GET /emergency-access', 403],
  ['POST /emergency-access', 201],
  ['GET /clients/:id/access-log', 403],
  ['POST /clients/:id/dose-orders', 403],
  ['GET /clients/:id/dose-orders', 200, SUBJECT_DOSING],
  ['POST /clients/:id/doses', 403],
  ['GET /clients/:id/doses', 200, SUBJECT_DOSING],
  ['GET /clients/:id/dosing-status', 200, SUBJECT_DOSING],
  ['GET /dosing/today', 403],
  ['POST /imports/dosing-history', 403],
  ['GET /worklist', 200, WORKLIST_ITEM],
  ['POST /clients/:id/drug-tests', 201],
  ['GET /clients/:id/drug-tests', 200],
  ['POST /clients/:id/guest-dosing', 403],
  ['GET /guest-dosing', 403],
  ['POST /guest-dosing/:id/end', 403],
  ['POST /clients/:id/transfers', 403],
  ['GET /transfers', 403],
  ['POST /transfers/:id/accept', 403],
  ['POST /transfers/:id/decline', 403],
  ['POST /clients/:id/counseling-sessions', 201, CREATED_SESSION],
  ['GET /clients/:id/counseling-sessions', 200, SESSION],
  ['GET /assessment-instruments', 200, INSTRUMENTS],
  ['POST /clients/:id/assessments', 201, ASSESSMENT],
  ['GET /clients/:id/assessments', 200, ASSESSMENT],
  ['POST /clients/:id/family-contacts', 201, CONTACT],
  ['GET /clients/:id/family-contacts', 200, CONTACT],
  ['GET /clients/:id/family-contacts/:fid', 200, CONTACT],
  ['PATCH /clients/:id/family-contacts/:fid', 200, CONTACT],
  ['POST /clients/:id/family-contacts/:fid/interactions', 201, INTERACTION],
  ['GET /clients/:id/family-contacts/:fid/interactions', 200, INTERACTION],
  ['POST /peer-groups', 403],
  ['GET /peer-groups', 200, GROUP],
  ['GET /peer-groups/:id', 200, GROUP],
  ['PATCH /peer-groups/:id', 403],
  ['POST /peer-groups/:id/members', 201, MEMBER],
  ['GET /peer-groups/:id/members', 200, MEMBER],
  ['DELETE /peer-groups/:id/members/:clientId', 204],
  ['POST /peer-groups/:id/meetings', 403],
  ['POST /peer-groups/:id/meetings/series', 403],
  ['GET /peer-groups/:id/meetings', 403],
  ['PUT /peer-groups/:id/meetings/:meetingId/attendance', 403],
  ['GET /peer-groups/:id/meetings/:meetingId/attendance', 403],
  ['GET /clients/:id/peer-groups', 200, MEMBERSHIP],
  ['GET /reports/retention', 403],
  ['GET /reports/attendance', 403],
  ['GET /reports/dosing', 403],
  ['GET /reports/peer-uptake', 403],
  ['GET /exports/research', 403],
  ['GET /exports/research/summary', 403],
  ['GET /clients/:id/care-plan', 200, PLAN_WITH_NOTES],
  ['POST /clients/:id/care-plan/goals', 201, GOAL],
  ['PATCH /clients/:id/care-plan/goals/:goalId', 200, GOAL],
  ['POST /clients/:id/care-plan/goals/:goalId/reviews', 201, REVIEW],
  ['POST /clients/:id/referrals', 201, REFERRAL],
  ['PATCH /clients/:id/referrals/:rid', 200, REFERRAL],
  ['GET /clients/:id/referrals', 200, REFERRAL],
];

/**
 * Emergency access opens the record to read and the clinical acts of the
 * caller's role, never consents, identity, family contacts or group
 * membership (product.md): those answer as for a hidden client.
 */
const EMERGENCY_CLOSES: ReadonlySet<Route> = new Set<Route>([
  'PATCH /clients/:id',
  'POST /clients/:id/consents',
  'POST /clients/:id/consents/:consentId/revoke',
  'POST /clients/:id/family-contacts',
  'PATCH /clients/:id/family-contacts/:fid',
  'POST /clients/:id/family-contacts/:fid/interactions',
  'POST /peer-groups/:id/members',
  'DELETE /peer-groups/:id/members/:clientId',
]);
/** A worklist is the caller's everyday work: a client opened by emergency access is never on it. */
const COUNSELOR_EMERGENCY: Row[] = COUNSELOR_ON_TEAM.map((row): Row =>
  EMERGENCY_CLOSES.has(row[0]) ? [row[0], 404] : row[0] === 'GET /worklist' ? [row[0], 200, ABSENT] : row,
);

/** A worklist that never names the subject (no source of the caller's role, or not a client of the caller's everyday work). */
const WORKLIST_WITHOUT = { 'GET /worklist': [200, ABSENT] } as const satisfies Partial<Record<Route, readonly [number, Detail?]>>;

/** Counseling, family contacts, peer groups and reports: none of it is a physician's or a nurse's work (product.md "Who uses it"). */
const NO_SUPPORT_WORK: Row[] = SUPPORT_ROUTES.filter((route) => !IS_PLAN_ROUTE.has(route)).map((route): Row => [route, 403]);
/** Care plans and referrals: a nurse has no part in them. */
const NO_PLAN_WORK: Row[] = PLAN_ROUTES.map((route): Row => [route, 403]);
/** Writes of care plans and referrals that a role may never make: 403 whoever the client. */
const PLAN_WRITES_FORBIDDEN = {
  'POST /clients/:id/care-plan/goals': [403],
  'PATCH /clients/:id/care-plan/goals/:goalId': [403],
  'POST /clients/:id/care-plan/goals/:goalId/reviews': [403],
  'POST /clients/:id/referrals': [403],
  'PATCH /clients/:id/referrals/:rid': [403],
} as const satisfies Partial<Record<Route, readonly [number, Detail?]>>;

/** Support work but for the assessments a physician reads (scores) and the instruments any clinical role reads. */
function supportWorkExcept(rows: Partial<Record<SupportRoute, readonly [number, Detail?]>>): Row[] {
  return NO_SUPPORT_WORK.map((row): Row => {
    const override = rows[row[0] as SupportRoute];
    return override ? [row[0], ...override] : row;
  });
}

/**
 * A peer leader on the subject's group when they do not lead it: a group
 * they do not lead is as missing (404), and they list only their own groups.
 */
const NOT_THE_GROUPS_LEADER = {
  'GET /peer-groups': [200, LED_GROUPS_ONLY],
  'GET /peer-groups/:id': [404],
  'GET /peer-groups/:id/members': [404],
  'POST /peer-groups/:id/meetings': [404],
  'POST /peer-groups/:id/meetings/series': [404],
  'GET /peer-groups/:id/meetings': [404],
  'PUT /peer-groups/:id/meetings/:meetingId/attendance': [404],
  'GET /peer-groups/:id/meetings/:meetingId/attendance': [404],
} as const satisfies Partial<Record<Route, readonly [number, Detail?]>>;

type CallerKey =
  | 'admin'
  | 'coordinator'
  | 'coordinatorB'
  | 'physician'
  | 'nurse'
  | 'counselorOnTeam'
  | 'counselorOffTeam'
  | 'counselorEmergency'
  | 'peerWithConsent'
  | 'peerWithoutConsent'
  | 'peerUnrelated'
  | 'peerGroupLeader'
  | 'peerOtherGroupLeader'
  | 'peerLeaderRevoked'
  | 'hostNurse'
  | 'hostPhysician';

/**
 * A nurse or physician of clinic B while clinic B hosts the subject for guest
 * dosing (an arrangement in force today): the dispensing window's reads and
 * the dose open to them, and nothing else of the client (product.md
 * "Clinical rules"); routes their role may never use stay 403.
 */
function hostRows(role: Role.Nurse | Role.Physician): Row[] {
  const nurse = role === Role.Nurse;
  return [
    ...everyRoute(404, {
      'POST /clients': [403],
      'GET /clients': [200, ABSENT],
      'PATCH /clients/:id': [403],
      'POST /clients/:id/care-team': [403],
      'DELETE /clients/:id/care-team/:staffId': [403],
      ...(nurse ? { 'POST /clients/:id/discharge': [403], 'POST /clients/:id/readmit': [403] } : {}),
      'POST /clients/:id/consents': [403],
      'POST /clients/:id/consents/:consentId/revoke': [403],
      'GET /clients/:id/consents': [403],
      'GET /emergency-access': [403],
      'GET /clients/:id/access-log': [403],
      ...(nurse ? { 'POST /clients/:id/dose-orders': [403] } : {}),
      'POST /clients/:id/doses': [201, SUBJECT_DOSING],
      'GET /clients/:id/dosing-status': [200, SUBJECT_DOSING],
      'GET /dosing/today': [200, DISPENSING_ITEM],
      'POST /imports/dosing-history': [403],
      'GET /guest-dosing': [200, ARRANGEMENT],
      ...(nurse ? { 'POST /clients/:id/guest-dosing': [403], 'POST /guest-dosing/:id/end': [403] } : {}),
      'POST /clients/:id/transfers': [403],
      'GET /transfers': [403],
      'POST /transfers/:id/accept': [403],
      'POST /transfers/:id/decline': [403],
      // Their own clinic's worklist, in which another clinic's guest has no place.
      'GET /worklist': [200, ABSENT],
    }).filter(([route]) => !(SUPPORT_ROUTES as readonly string[]).includes(route)),
    // The instruments are any clinical role's to read; a guest's assessments stay with the home clinic.
    ...supportWorkExcept({
      'GET /assessment-instruments': [200, INSTRUMENTS],
      ...(nurse ? {} : { 'GET /clients/:id/assessments': [404] as const }),
    }),
  ];
}

const TABLE: Record<CallerKey, { label: string; rows: Row[] }> = {
  admin: { label: 'admin', rows: everyRoute(403) },
  coordinator: {
    label: 'coordinator',
    rows: [
      ['POST /clients', 201],
      ['GET /clients', 200, CASELOAD_FULL],
      ['GET /clients/:id', 200, FULL],
      ['PATCH /clients/:id', 200, FULL],
      ['POST /clients/:id/care-team', 201],
      ['GET /clients/:id/care-team', 200],
      ['DELETE /clients/:id/care-team/:staffId', 204],
      ['POST /clients/:id/discharge', 200],
      ['POST /clients/:id/readmit', 201],
      ['GET /clients/:id/episodes', 200],
      ['POST /clients/:id/consents', 201],
      ['POST /clients/:id/consents/:consentId/revoke', 200],
      ['GET /clients/:id/consents', 200],
      ['POST /clients/:id/emergency-access', 403],
      ['GET /emergency-access', 200],
      ['POST /emergency-access', 403],
      ['GET /clients/:id/access-log', 200],
      ['POST /clients/:id/dose-orders', 403],
      ['GET /clients/:id/dose-orders', 200, SUBJECT_DOSING],
      ['POST /clients/:id/doses', 403],
      ['GET /clients/:id/doses', 200, SUBJECT_DOSING],
      ['GET /clients/:id/dosing-status', 200, SUBJECT_DOSING],
      ['GET /dosing/today', 200, DISPENSING_ITEM],
      ['POST /imports/dosing-history', 200, SUBJECT_DOSING],
      ['GET /worklist', 200, WORKLIST_ITEM],
      ['POST /clients/:id/drug-tests', 403],
      ['GET /clients/:id/drug-tests', 200],
      ['POST /clients/:id/guest-dosing', 201, ARRANGEMENT],
      ['GET /guest-dosing', 200, ABSENT],
      ['POST /guest-dosing/:id/end', 200, ARRANGEMENT],
      ['POST /clients/:id/transfers', 201],
      ['GET /transfers', 200],
      // Only the receiving clinic decides: to the proposing clinic the transfer is as missing.
      ['POST /transfers/:id/accept', 404],
      ['POST /transfers/:id/decline', 404],
      ['POST /clients/:id/counseling-sessions', 403],
      ['GET /clients/:id/counseling-sessions', 200, SESSION_METADATA],
      ['GET /assessment-instruments', 200, INSTRUMENTS],
      ['POST /clients/:id/assessments', 403],
      ['GET /clients/:id/assessments', 200, ASSESSMENT_SCORES],
      ['POST /clients/:id/family-contacts', 403],
      ['GET /clients/:id/family-contacts', 200, CONTACT],
      ['GET /clients/:id/family-contacts/:fid', 200, CONTACT],
      ['PATCH /clients/:id/family-contacts/:fid', 403],
      ['POST /clients/:id/family-contacts/:fid/interactions', 403],
      ['GET /clients/:id/family-contacts/:fid/interactions', 200, INTERACTION],
      ['POST /peer-groups', 201, GROUP],
      ['GET /peer-groups', 200, GROUP],
      ['GET /peer-groups/:id', 200, GROUP],
      ['PATCH /peer-groups/:id', 200, GROUP],
      ['POST /peer-groups/:id/members', 201, MEMBER],
      ['GET /peer-groups/:id/members', 200, MEMBER],
      ['DELETE /peer-groups/:id/members/:clientId', 204],
      ['POST /peer-groups/:id/meetings', 201, MEETING],
      ['POST /peer-groups/:id/meetings/series', 201, SERIES],
      ['GET /peer-groups/:id/meetings', 200, MEETING],
      ['PUT /peer-groups/:id/meetings/:meetingId/attendance', 200, ATTENDANCE],
      ['GET /peer-groups/:id/meetings/:meetingId/attendance', 200, ATTENDANCE],
      ['GET /clients/:id/peer-groups', 200, MEMBERSHIP],
      ['GET /reports/retention', 200, OWN_CLINIC_REPORT],
      ['GET /reports/attendance', 200, OWN_CLINIC_REPORT],
      ['GET /reports/dosing', 200, OWN_CLINIC_REPORT],
      ['GET /reports/peer-uptake', 200, OWN_CLINIC_REPORT],
      ['GET /exports/research', 200, OWN_CLINIC_REPORT],
      ['GET /exports/research/summary', 200, OWN_CLINIC_REPORT],
      ['GET /clients/:id/care-plan', 200, PLAN_WITHOUT_NOTES],
      ['POST /clients/:id/care-plan/goals', 403],
      ['PATCH /clients/:id/care-plan/goals/:goalId', 403],
      ['POST /clients/:id/care-plan/goals/:goalId/reviews', 403],
      ['POST /clients/:id/referrals', 403],
      ['PATCH /clients/:id/referrals/:rid', 403],
      ['GET /clients/:id/referrals', 200, REFERRAL_METADATA],
    ],
  },
  coordinatorB: {
    label: 'coordinator of clinic B',
    rows: everyRoute(404, {
      'POST /clients': [201],
      'GET /clients': [200, ABSENT],
      'POST /clients/:id/emergency-access': [403],
      'GET /emergency-access': [200, NO_CLINIC_A_GRANTS],
      'POST /emergency-access': [403],
      'POST /clients/:id/dose-orders': [403],
      'POST /clients/:id/doses': [403],
      'GET /dosing/today': [200, ABSENT],
      'POST /imports/dosing-history': [400, ROW_REFUSED],
      ...WORKLIST_WITHOUT,
      'POST /clients/:id/drug-tests': [403],
      'GET /guest-dosing': [200, ABSENT],
      'GET /transfers': [200],
      'POST /transfers/:id/accept': [200],
      'POST /transfers/:id/decline': [200],
      'POST /clients/:id/counseling-sessions': [403],
      'GET /assessment-instruments': [200, INSTRUMENTS],
      'POST /clients/:id/assessments': [403],
      'POST /clients/:id/family-contacts': [403],
      'PATCH /clients/:id/family-contacts/:fid': [403],
      'POST /clients/:id/family-contacts/:fid/interactions': [403],
      'POST /peer-groups': [201, GROUP],
      'GET /peer-groups': [200, NO_CLINIC_A_GROUPS],
      'GET /reports/retention': [200, NO_CLINIC_A_DATA],
      'GET /reports/attendance': [200, NO_CLINIC_A_DATA],
      'GET /reports/dosing': [200, NO_CLINIC_A_DATA],
      'GET /reports/peer-uptake': [200, NO_CLINIC_A_DATA],
      'GET /exports/research': [200, NO_CLINIC_A_DATA],
      'GET /exports/research/summary': [200, NO_CLINIC_A_DATA],
      ...PLAN_WRITES_FORBIDDEN,
    }),
  },
  physician: {
    label: 'physician',
    rows: [
      ['POST /clients', 403],
      ['GET /clients', 200, CASELOAD_CLINICAL],
      ['GET /clients/:id', 200, CLINICAL],
      ['PATCH /clients/:id', 403],
      ['POST /clients/:id/care-team', 403],
      ['GET /clients/:id/care-team', 200],
      ['DELETE /clients/:id/care-team/:staffId', 403],
      ['POST /clients/:id/discharge', 200],
      ['POST /clients/:id/readmit', 201],
      ['GET /clients/:id/episodes', 200],
      ['POST /clients/:id/consents', 403],
      ['POST /clients/:id/consents/:consentId/revoke', 403],
      ['GET /clients/:id/consents', 403],
      ['POST /clients/:id/emergency-access', 201, EXPIRES_IN_60_MINUTES],
      ['GET /emergency-access', 403],
      ['POST /emergency-access', 201],
      ['GET /clients/:id/access-log', 403],
      ['POST /clients/:id/dose-orders', 201, SUBJECT_DOSING],
      ['GET /clients/:id/dose-orders', 200, SUBJECT_DOSING],
      ['POST /clients/:id/doses', 201, SUBJECT_DOSING],
      ['GET /clients/:id/doses', 200, SUBJECT_DOSING],
      ['GET /clients/:id/dosing-status', 200, SUBJECT_DOSING],
      ['GET /dosing/today', 200, DISPENSING_ITEM],
      ['POST /imports/dosing-history', 403],
      ['GET /worklist', 200, ABSENT],
      ...supportWorkExcept({
        'GET /assessment-instruments': [200, INSTRUMENTS],
        'GET /clients/:id/assessments': [200, ASSESSMENT_SCORES],
      }),
      ['GET /clients/:id/care-plan', 200, PLAN_WITHOUT_NOTES],
      ['POST /clients/:id/care-plan/goals', 403],
      ['PATCH /clients/:id/care-plan/goals/:goalId', 403],
      ['POST /clients/:id/care-plan/goals/:goalId/reviews', 403],
      ['POST /clients/:id/referrals', 201, REFERRAL],
      ['PATCH /clients/:id/referrals/:rid', 200, REFERRAL],
      ['GET /clients/:id/referrals', 200, REFERRAL],
      ['POST /clients/:id/drug-tests', 201],
      ['GET /clients/:id/drug-tests', 200],
      ['POST /clients/:id/guest-dosing', 201, ARRANGEMENT],
      ['GET /guest-dosing', 200, ABSENT],
      ['POST /guest-dosing/:id/end', 200, ARRANGEMENT],
      ['POST /clients/:id/transfers', 403],
      ['GET /transfers', 403],
      ['POST /transfers/:id/accept', 403],
      ['POST /transfers/:id/decline', 403],
    ],
  },
  nurse: {
    label: 'nurse',
    rows: [
      ['POST /clients', 403],
      ['GET /clients', 200, CASELOAD_CLINICAL],
      ['GET /clients/:id', 200, CLINICAL],
      ['PATCH /clients/:id', 403],
      ['POST /clients/:id/care-team', 403],
      ['GET /clients/:id/care-team', 200],
      ['DELETE /clients/:id/care-team/:staffId', 403],
      ['POST /clients/:id/discharge', 403],
      ['POST /clients/:id/readmit', 403],
      ['GET /clients/:id/episodes', 200],
      ['POST /clients/:id/consents', 403],
      ['POST /clients/:id/consents/:consentId/revoke', 403],
      ['GET /clients/:id/consents', 403],
      ['POST /clients/:id/emergency-access', 201],
      ['GET /emergency-access', 403],
      ['POST /emergency-access', 201],
      ['GET /clients/:id/access-log', 403],
      ['POST /clients/:id/dose-orders', 403],
      ['GET /clients/:id/dose-orders', 200, SUBJECT_DOSING],
      ['POST /clients/:id/doses', 201, SUBJECT_DOSING],
      ['GET /clients/:id/doses', 200, SUBJECT_DOSING],
      ['GET /clients/:id/dosing-status', 200, SUBJECT_DOSING],
      ['GET /dosing/today', 200, DISPENSING_ITEM],
      ['POST /imports/dosing-history', 403],
      ['GET /worklist', 200, ABSENT],
      ...supportWorkExcept({ 'GET /assessment-instruments': [200, INSTRUMENTS] }),
      ...NO_PLAN_WORK,
      ['POST /clients/:id/drug-tests', 201],
      ['GET /clients/:id/drug-tests', 200],
      ['POST /clients/:id/guest-dosing', 403],
      ['GET /guest-dosing', 200, ABSENT],
      ['POST /guest-dosing/:id/end', 403],
      ['POST /clients/:id/transfers', 403],
      ['GET /transfers', 403],
      ['POST /transfers/:id/accept', 403],
      ['POST /transfers/:id/decline', 403],
      ['GET /clients/:id (discharged subject)', 404],
      ['GET /clients (discharged subject)', 200, ABSENT],
    ],
  },
  counselorOnTeam: { label: 'counselor on the care team', rows: COUNSELOR_ON_TEAM },
  counselorOffTeam: {
    label: 'counselor not on the care team',
    rows: everyRoute(404, {
      'POST /clients': [201],
      'GET /clients': [200, ABSENT],
      'POST /clients/:id/care-team': [403],
      'DELETE /clients/:id/care-team/:staffId': [403],
      'POST /clients/:id/emergency-access': [201],
      'GET /emergency-access': [403],
      'POST /emergency-access': [201],
      'GET /clients/:id/access-log': [403],
      'POST /clients/:id/dose-orders': [403],
      'POST /clients/:id/doses': [403],
      'GET /dosing/today': [403],
      'POST /imports/dosing-history': [403],
      ...WORKLIST_WITHOUT,
      'GET /assessment-instruments': [200, INSTRUMENTS],
      'POST /clients/:id/guest-dosing': [403],
      'GET /guest-dosing': [403],
      'POST /guest-dosing/:id/end': [403],
      'POST /clients/:id/transfers': [403],
      'GET /transfers': [403],
      'POST /transfers/:id/accept': [403],
      'POST /transfers/:id/decline': [403],
      'POST /peer-groups': [403],
      'GET /peer-groups': [200, GROUP],
      'GET /peer-groups/:id': [200, GROUP],
      'PATCH /peer-groups/:id': [403],
      'GET /peer-groups/:id/members': [200, ABSENT],
      'POST /peer-groups/:id/meetings': [403],
      'POST /peer-groups/:id/meetings/series': [403],
      'GET /peer-groups/:id/meetings': [403],
      'PUT /peer-groups/:id/meetings/:meetingId/attendance': [403],
      'GET /peer-groups/:id/meetings/:meetingId/attendance': [403],
      'GET /reports/retention': [403],
      'GET /reports/attendance': [403],
      'GET /reports/dosing': [403],
      'GET /reports/peer-uptake': [403],
      'GET /exports/research': [403],
      'GET /exports/research/summary': [403],
    }),
  },
  counselorEmergency: { label: 'counselor after emergency access', rows: COUNSELOR_EMERGENCY },
  peerWithConsent: {
    label: 'peer leader on the team with peer_support consent',
    rows: everyRoute(403, {
      'GET /clients': [200, PSEUDONYM],
      'GET /clients/:id': [200, PSEUDONYM],
      ...NOT_THE_GROUPS_LEADER,
      ...WORKLIST_WITHOUT,
    }),
  },
  peerWithoutConsent: {
    label: 'peer leader on the team without peer_support consent',
    rows: everyRoute(403, { 'GET /clients': [200, ABSENT], 'GET /clients/:id': [404], ...NOT_THE_GROUPS_LEADER, ...WORKLIST_WITHOUT }),
  },
  peerUnrelated: {
    label: 'peer leader of no relation',
    rows: everyRoute(403, { 'GET /clients': [200, ABSENT], 'GET /clients/:id': [404], ...NOT_THE_GROUPS_LEADER, ...WORKLIST_WITHOUT }),
  },
  peerGroupLeader: {
    label: 'peer leader of a group the subject is in, with peer_support consent',
    rows: everyRoute(403, {
      ...WORKLIST_WITHOUT,
      'GET /clients': [200, PSEUDONYM],
      'GET /clients/:id': [200, PSEUDONYM],
      'GET /peer-groups': [200, LED_GROUPS_ONLY],
      'GET /peer-groups/:id': [200, GROUP],
      'GET /peer-groups/:id/members': [200, MEMBER],
      'POST /peer-groups/:id/meetings': [201, MEETING],
      'POST /peer-groups/:id/meetings/series': [201, SERIES],
      'GET /peer-groups/:id/meetings': [200, MEETING],
      'PUT /peer-groups/:id/meetings/:meetingId/attendance': [200, ATTENDANCE],
      'GET /peer-groups/:id/meetings/:meetingId/attendance': [200, ATTENDANCE],
    }),
  },
  peerOtherGroupLeader: {
    label: 'peer leader of another group than the subject’s (subject with peer_support consent)',
    rows: everyRoute(403, { 'GET /clients': [200, ABSENT], 'GET /clients/:id': [404], ...NOT_THE_GROUPS_LEADER, ...WORKLIST_WITHOUT }),
  },
  peerLeaderRevoked: {
    label: 'peer leader of the subject’s group after its peer_support consent was revoked',
    rows: everyRoute(403, {
      ...WORKLIST_WITHOUT,
      'GET /clients': [200, ABSENT],
      'GET /clients/:id': [404],
      'GET /peer-groups': [200, LED_GROUPS_ONLY],
      'GET /peer-groups/:id': [200, GROUP],
      'GET /peer-groups/:id/members': [200, ABSENT],
      'POST /peer-groups/:id/meetings': [201, MEETING],
      'POST /peer-groups/:id/meetings/series': [201, SERIES],
      'GET /peer-groups/:id/meetings': [200, MEETING],
      'PUT /peer-groups/:id/meetings/:meetingId/attendance': [422, NOT_A_MEMBER],
      'GET /peer-groups/:id/meetings/:meetingId/attendance': [200, ABSENT],
    }),
  },
  hostNurse: { label: 'nurse of clinic B while it hosts the subject (guest dosing)', rows: hostRows(Role.Nurse) },
  hostPhysician: { label: 'physician of clinic B while it hosts the subject (guest dosing)', rows: hostRows(Role.Physician) },
};

// ------------------------------------------------------------- the harness

const API = '/api/v1';
/**
 * Subjects are admitted two clinic days back, so they are in treatment when a
 * cell reads them (an intake further back with no dose would read as a
 * drop-out, api.md "Dosing"), discharged yesterday and readmitted today.
 */
const INTAKE_DAYS_AGO = 2;
const DISCHARGE_DAYS_AGO = 1;
const EMERGENCY_REASON = 'patient collapsed at the window';
const HISTORY_HEADER = 'client_code,clinic_day,dose_mg,kind';
const STATUS_FIELDS = [
  'clinicDay',
  'lastDoseDay',
  'consecutiveMissedDays',
  'flag',
  'activeOrder',
  'orderSuspended',
  'assessmentRequired',
  'givenTodayMg',
  'remainingTodayMg',
  'coveredUntil',
  'drugTestDue',
  'guest',
];
const SESSION_TOPIC = 'relapse prevention';
const SESSION_NOTES = 'Talked about the night shift and the cravings after it.';
const REVIEW_NOTE = 'Kept every appointment this month; the night shifts still weigh on him.';
const REFERRAL_NOTE = 'Needs the viral load test before the first visit.';
const REFERRAL_OUTCOME = 'Started treatment at the liver clinic.';
const ASSESSMENT_ANSWERS = [7, 6, 5, 4, 7, 2, 3, 4, 1, 6, 5, 2];
const RETENTION_FIELDS = ['asOf', 'episodes', 'events', 'censored', 'retention', 'curve', 'followUp'];
const ATTENDANCE_REPORT_FIELDS = ['from', 'to', 'groups'];
const GROUP_ATTENDANCE_FIELDS = ['groupId', 'name', 'meetings', 'members', 'attendanceRate'];
const DOSING_REPORT_FIELDS = ['from', 'to', 'groupBy', 'days'];
const PEER_UPTAKE_FIELDS = ['from', 'to', 'funnel', 'absenceReasons'];
const RESEARCH_SUMMARY_FIELDS = ['k', 'consentingClients', 'exportedClients', 'suppressedClients', 'suppressedGroups'];

/** Callers whose relation to a subject includes a peer_support consent. */
const CONSENTED_BY_RELATION = new Set<CallerKey>([
  'peerWithConsent',
  'peerUnrelated',
  'peerGroupLeader',
  'peerOtherGroupLeader',
  'peerLeaderRevoked',
]);
/** Callers related to a subject through its membership of the caller's subject group. */
const JOINED_BY_RELATION = new Set<CallerKey>(['peerGroupLeader', 'peerOtherGroupLeader', 'peerLeaderRevoked']);
/** Callers whose subjects are without an active peer_support consent once they are in their group. */
const WITHOUT_CONSENT = new Set<CallerKey>(['peerWithoutConsent', 'peerLeaderRevoked']);
/** Callers who lead their subject group (everyone else's is led by a bystander). */
const LEADS_SUBJECT_GROUP = new Set<CallerKey>(['peerGroupLeader', 'peerLeaderRevoked']);
/** Callers who lead a group of their own that the subject is not in. */
const LEADS_OTHER_GROUP = new Set<CallerKey>(['peerOtherGroupLeader']);

/** What a cell of the counseling, family, peer-group and report routes acted on, for its checks. */
interface SupportCase {
  clientId?: string;
  groupId?: string;
  meetingId?: string;
  contactId?: string;
  /** The record the answer should hold. */
  recordId?: string;
  /** A value the write sent, to find it again. */
  sent?: string;
  /** The report as the caller read it before a new record of clinic A was made. */
  before?: Response;
  /** Every item of a list answer. */
  items?: Array<Record<string, unknown>>;
}

/** A client for the dosing cells, admitted on `admittedOn`, with what was set up for it. */
interface DosingSubject {
  id: string;
  code: string;
  admittedOn: string;
  orderId?: string;
  dose?: { id: string; clinicDay: string };
}

const FIELD_SET_NAMES = new Map<Detail, string>([
  [FULL, 'full'],
  [CLINICAL, 'clinical'],
  [PSEUDONYM, 'pseudonym'],
  [WORKLIST_ITEM, 'worklist item'],
  [DISPENSING_ITEM, 'dispensing-window'],
  [ARRANGEMENT, 'guest dosing arrangement'],
  [SESSION, 'session with topics and notes'],
  [CREATED_SESSION, 'session just logged (with its appointment reminder)'],
  [SESSION_METADATA, 'session metadata (no notes or topics keys)'],
  [ASSESSMENT, 'assessment with its answers'],
  [ASSESSMENT_SCORES, 'assessment scores (no answers key)'],
  [CONTACT, 'family contact'],
  [INTERACTION, 'family interaction'],
  [GROUP, 'group'],
  [MEMBER, 'member (pseudonym and joinedAt)'],
  [MEETING, 'meeting'],
  [SERIES, 'meeting series'],
  [ATTENDANCE, 'attendance record (pseudonym and status)'],
  [MEMBERSHIP, 'membership'],
  [PLAN_WITH_NOTES, 'care plan with review notes'],
  [PLAN_WITHOUT_NOTES, 'care plan without review notes (no note key)'],
  [GOAL, 'goal'],
  [REVIEW, 'review with its note'],
  [REFERRAL, 'referral with note and outcome'],
  [REFERRAL_METADATA, 'referral without note or outcome keys'],
]);

/** Routes whose answer lists clients (the subject is found in it, or not). */
const CLIENT_LISTS = new Set<Route>([
  'GET /clients',
  'GET /clients (discharged subject)',
  'GET /dosing/today',
  'GET /worklist',
  'GET /guest-dosing',
  'GET /peer-groups/:id/members',
  'GET /peer-groups/:id/meetings/:meetingId/attendance',
]);

function describeDetail(expected: Detail | undefined, route: Route): string {
  if (expected === undefined) return '';
  if (expected === ABSENT) return ' without the client';
  if (expected === NO_CLINIC_A_GRANTS) return ' without clinic A’s grants';
  if (expected === EXPIRES_IN_60_MINUTES) return ' { expiresAt } 60 minutes ahead';
  if (expected === SUBJECT_DOSING) return route.startsWith('POST') ? ', recorded on the client' : ' with the client’s dosing record';
  if (expected === ROW_REFUSED) return ' listing the row as for an unknown client, importing nothing';
  if (expected === LED_GROUPS_ONLY) return ' with exactly the groups the caller leads';
  if (expected === NO_CLINIC_A_GROUPS) return ' without clinic A’s groups';
  if (expected === NOT_A_MEMBER) return ' NOT_A_MEMBER as for an unknown client, recording nothing';
  if (expected === OWN_CLINIC_REPORT) return ' on clinic A, counting a new record of clinic A';
  if (expected === NO_CLINIC_A_DATA) return ' on clinic B alone, unchanged by a new record of clinic A';
  if (expected === INSTRUMENTS) return ' mspss, stigma and phq9';
  const name = FIELD_SET_NAMES.get(expected) ?? String(expected);
  return CLIENT_LISTS.has(route) ? ` with the client, ${name} fields` : ` ${name} fields`;
}

function sorted(keys: readonly string[]): string[] {
  return [...keys].sort();
}

function withoutRequestId(body: Record<string, unknown>): Record<string, unknown> {
  const { requestId: _requestId, ...rest } = body;
  return rest;
}

/** Throws with the body, so a differing cell says what the app answered. */
function expectStatus(res: Response, status: number): void {
  if (res.status !== status) {
    throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  }
}

describe('client authorization', () => {
  let t: TestApp;
  let clinicAId: string;
  let clinicBId: string;
  const staff = {} as Record<CallerKey, SignedIn>;
  /** Staff of clinic A who are not callers: put on care teams so that relations are per staff member. */
  let sparePhysician: SignedIn;
  let bystanderCounselor: SignedIn;
  let bystanderPeerLeader: SignedIn;
  /** Writes the counseling sessions and family records that read cells list, from the subject's care team. */
  let authorCounselor: SignedIn;
  /** A peer leader of clinic B, for the groups clinic B's coordinator creates. */
  let peerLeaderB: SignedIn;
  let clinicBClientId: string;
  const clinicAClientIds = new Set<string>();
  const clinicAGroupIds = new Set<string>();
  const clinicBGroupIds = new Set<string>();
  /** Each caller's subject group (a group of clinic A its subjects join) and a meeting of it held today. */
  const subjectGroup = {} as Record<CallerKey, string>;
  const subjectMeeting = {} as Record<CallerKey, string>;
  /** The groups each caller leads. */
  const ledGroups = {} as Record<CallerKey, string[]>;

  const api = {
    get: (who: SignedIn, path: string) => t.http.get(`${API}${path}`).set(who.auth),
    post: (who: SignedIn, path: string, body: object = {}) => t.http.post(`${API}${path}`).set(who.auth).send(body),
    patch: (who: SignedIn, path: string, body: object) => t.http.patch(`${API}${path}`).set(who.auth).send(body),
    put: (who: SignedIn, path: string, body: object) => t.http.put(`${API}${path}`).set(who.auth).send(body),
    delete: (who: SignedIn, path: string) => t.http.delete(`${API}${path}`).set(who.auth),
  };

  function registration(): Record<string, string> {
    return {
      givenName: '伟',
      familyName: '张',
      preferredName: 'Xiao Zhang',
      dateOfBirth: '1985-04-12',
      sex: 'male',
      phone: '+86 138 0013 8000',
      email: 'w.zhang@example.com',
      nationalId: randomBytes(8).toString('hex'),
      preferredLanguage: 'zh-CN',
      intakeDate: clinicDay(t, -INTAKE_DAYS_AGO),
    };
  }

  /** An active client registered by `by` (clinic A's coordinator unless said otherwise). */
  async function register(by: SignedIn = staff.coordinator): Promise<string> {
    const res = await api.post(by, '/clients', registration());
    expectStatus(res, 201);
    const id = res.body.id as string;
    if (by.clinicId === clinicAId) clinicAClientIds.add(id);
    return id;
  }

  async function addToTeam(clientId: string, member: SignedIn, role: 'counselor' | 'physician' | 'peer_leader'): Promise<void> {
    expectStatus(await api.post(staff.coordinator, `/clients/${clientId}/care-team`, { staffId: member.id, role }), 201);
  }

  async function recordConsent(clientId: string, scope: string): Promise<string> {
    const res = await api.post(staff.coordinator, `/clients/${clientId}/consents`, { scope });
    expectStatus(res, 201);
    return res.body.id as string;
  }

  async function breakGlass(who: SignedIn, clientId: string): Promise<void> {
    expectStatus(await api.post(who, `/clients/${clientId}/emergency-access`, { reason: EMERGENCY_REASON }), 201);
  }

  async function discharge(clientId: string): Promise<void> {
    expectStatus(
      await api.post(staff.coordinator, `/clients/${clientId}/discharge`, { date: clinicDay(t, -DISCHARGE_DAYS_AGO), reason: 'completed' }),
      200,
    );
  }

  /**
   * A client admitted today, so the day the cell runs is their first (an
   * order from today is in force for the whole episode, and no day before
   * it counts as missed). With `order`, a 60 mg order from today by the
   * physician; with `dose`, today's observed dose too, by the nurse.
   */
  async function admitForDosing(setup: { order?: boolean; dose?: boolean }): Promise<DosingSubject> {
    const today = clinicDay(t);
    const res = await api.post(staff.coordinator, '/clients', { ...registration(), intakeDate: today });
    expectStatus(res, 201);
    const subject: DosingSubject = { id: res.body.id as string, code: res.body.code as string, admittedOn: today };
    clinicAClientIds.add(subject.id);
    if (setup.order || setup.dose) {
      const order = await api.post(staff.physician, `/clients/${subject.id}/dose-orders`, { doseMg: 60, effectiveDate: today });
      expectStatus(order, 201);
      subject.orderId = order.body.id as string;
    }
    if (setup.dose) {
      const dose = await api.post(staff.nurse, `/clients/${subject.id}/doses`, { doseMg: 60, kind: 'observed', clinicDay: today });
      expectStatus(dose, 201);
      subject.dose = { id: dose.body.id as string, clinicDay: dose.body.clinicDay as string };
    }
    return subject;
  }

  /** A client's doses as clinic A's coordinator sees them (to tell what a write or an import left behind). */
  async function dosesOf(clientId: string): Promise<Array<Record<string, unknown>>> {
    const res = await api.get(staff.coordinator, `/clients/${clientId}/doses`);
    expectStatus(res, 200);
    return res.body.items as Array<Record<string, unknown>>;
  }

  async function ordersOf(clientId: string): Promise<Array<Record<string, unknown>>> {
    const res = await api.get(staff.coordinator, `/clients/${clientId}/dose-orders`);
    expectStatus(res, 200);
    return res.body.items as Array<Record<string, unknown>>;
  }

  /** A group of the coordinator's clinic led by `leader`. */
  async function makeGroup(leader: SignedIn, coordinator: SignedIn = staff.coordinator): Promise<string> {
    const res = await api.post(coordinator, '/peer-groups', { name: unique('Group'), leaderIds: [leader.id] });
    expectStatus(res, 201);
    const id = res.body.id as string;
    (coordinator.clinicId === clinicAId ? clinicAGroupIds : clinicBGroupIds).add(id);
    return id;
  }

  /** A meeting of a clinic A group held today, scheduled by the coordinator. */
  async function makeMeeting(groupId: string): Promise<string> {
    const res = await api.post(staff.coordinator, `/peer-groups/${groupId}/meetings`, { date: clinicDay(t) });
    expectStatus(res, 201);
    return res.body.id as string;
  }

  async function joinGroup(groupId: string, clientId: string): Promise<void> {
    expectStatus(await api.post(staff.coordinator, `/peer-groups/${groupId}/members`, { clientId }), 201);
  }

  /** Records the client present at the meeting, keeping the attendance of the other members (PUT replaces it). */
  async function attend(groupId: string, meetingId: string, clientId: string): Promise<void> {
    const path = `/peer-groups/${groupId}/meetings/${meetingId}/attendance`;
    const current = await api.get(staff.coordinator, path);
    expectStatus(current, 200);
    const records = (current.body.records as Array<{ clientId: string; status: string }>).map(({ clientId: id, status }) => ({
      clientId: id,
      status,
    }));
    expectStatus(await api.put(staff.coordinator, path, { records: [...records, { clientId, status: 'present' }] }), 200);
  }

  /** Clinic B hosts the client for guest dosing from `from` to `until` days from today (arranged by clinic A's coordinator). */
  async function arrangeGuestDosing(clientId: string, from: number, until: number): Promise<string> {
    const res = await api.post(staff.coordinator, `/clients/${clientId}/guest-dosing`, {
      hostClinicId: clinicBId,
      from: clinicDay(t, from),
      until: clinicDay(t, until),
      clientAgreed: true,
    });
    expectStatus(res, 201);
    return res.body.id as string;
  }

  async function revokePeerSupport(clientId: string): Promise<void> {
    const res = await api.get(staff.coordinator, `/clients/${clientId}/consents`);
    expectStatus(res, 200);
    const active = (res.body.items as Array<{ id: string; scope: string; status: string }>).filter(
      (consent) => consent.scope === 'peer_support' && consent.status === 'active',
    );
    expect(active).not.toEqual([]);
    for (const consent of active) {
      expectStatus(await api.post(staff.coordinator, `/clients/${clientId}/consents/${consent.id}/revoke`, {}), 200);
    }
  }

  /**
   * Makes the client a member of the caller's subject group as the table
   * says: with a peer_support consent when they join (the coordinator records
   * it unless the relation did), present at the group's meeting with
   * `attendMeeting`, and for callers whose subjects are WITHOUT_CONSENT,
   * the consent revoked afterwards.
   */
  async function enrol(key: CallerKey, clientId: string, attendMeeting: boolean): Promise<void> {
    if (!CONSENTED_BY_RELATION.has(key)) await recordConsent(clientId, 'peer_support');
    await joinGroup(subjectGroup[key], clientId);
    if (attendMeeting) await attend(subjectGroup[key], subjectMeeting[key], clientId);
    if (WITHOUT_CONSENT.has(key)) await revokePeerSupport(clientId);
  }

  /** A client's memberships as clinic A's coordinator sees them (whatever their consent says now). */
  async function membershipsOf(clientId: string): Promise<Array<Record<string, unknown>>> {
    const res = await api.get(staff.coordinator, `/clients/${clientId}/peer-groups`);
    expectStatus(res, 200);
    return res.body as Array<Record<string, unknown>>;
  }

  /** The items of a clinic A list as its coordinator sees them. */
  async function itemsOf(path: string): Promise<Array<Record<string, unknown>>> {
    const { res, items } = await listAll(staff.coordinator, path);
    expectStatus(res, 200);
    return items;
  }

  /** Clinic B's episodes, client by client, as its coordinator sees them. */
  async function clinicBEpisodes(): Promise<number> {
    const { items } = await listAll(staff.coordinatorB, '/clients');
    let episodes = 0;
    for (const client of items) {
      const res = await api.get(staff.coordinatorB, `/clients/${client.id as string}/episodes`);
      expectStatus(res, 200);
      episodes += (res.body as unknown[]).length;
    }
    return episodes;
  }

  /**
   * A new record of clinic A that the report should count: an episode (a
   * client registered), a group's meeting today with one member present, or
   * an observed dose today (a client admitted today).
   */
  async function newClinicARecord(
    route:
      | 'GET /reports/retention'
      | 'GET /reports/attendance'
      | 'GET /reports/dosing'
      | 'GET /reports/peer-uptake'
      | 'GET /exports/research'
      | 'GET /exports/research/summary',
  ): Promise<SupportCase> {
    switch (route) {
      case 'GET /exports/research':
      case 'GET /exports/research/summary': {
        const clientId = await register();
        await recordConsent(clientId, 'research');
        return { clientId };
      }
      case 'GET /reports/retention':
        return { clientId: await register() };
      case 'GET /reports/attendance':
      case 'GET /reports/peer-uptake': {
        const groupId = await makeGroup(bystanderPeerLeader);
        const clientId = await register();
        await recordConsent(clientId, 'peer_support');
        await joinGroup(groupId, clientId);
        const meetingId = await makeMeeting(groupId);
        await attend(groupId, meetingId, clientId);
        return { groupId, clientId, meetingId };
      }
      case 'GET /reports/dosing':
        return { clientId: (await admitForDosing({ dose: true })).id };
    }
  }

  /** What ties each caller to a subject client (done before the cell, by the coordinator unless said otherwise). */
  const relate: Record<CallerKey, (clientId: string) => Promise<void>> = {
    admin: async () => {},
    coordinator: async () => {},
    coordinatorB: async () => {},
    physician: async () => {},
    nurse: async () => {},
    counselorOnTeam: (id) => addToTeam(id, staff.counselorOnTeam, 'counselor'),
    counselorOffTeam: (id) => addToTeam(id, bystanderCounselor, 'counselor'),
    counselorEmergency: (id) => breakGlass(staff.counselorEmergency, id),
    peerWithConsent: async (id) => {
      await addToTeam(id, staff.peerWithConsent, 'peer_leader');
      await recordConsent(id, 'peer_support');
    },
    peerWithoutConsent: (id) => addToTeam(id, staff.peerWithoutConsent, 'peer_leader'),
    peerUnrelated: async (id) => {
      await addToTeam(id, bystanderPeerLeader, 'peer_leader');
      await recordConsent(id, 'peer_support');
    },
    // The group leaders' subjects also join the caller's subject group (`enrol`): see relateFully.
    peerGroupLeader: async (id) => {
      await recordConsent(id, 'peer_support');
    },
    peerOtherGroupLeader: async (id) => {
      await recordConsent(id, 'peer_support');
    },
    peerLeaderRevoked: async (id) => {
      await recordConsent(id, 'peer_support');
    },
    hostNurse: async (id) => {
      await arrangeGuestDosing(id, 0, 2);
    },
    hostPhysician: async (id) => {
      await arrangeGuestDosing(id, 0, 2);
    },
  };

  /** The whole relation of a fresh subject: `relate`, and for callers related through a group, its membership. */
  async function relateFully(key: CallerKey, clientId: string): Promise<void> {
    await relate[key](clientId);
    if (JOINED_BY_RELATION.has(key)) await enrol(key, clientId, false);
  }

  /** Every item of a list, page by page; the first page's answer decides the status. */
  async function listAll(who: SignedIn, path: string): Promise<{ res: Response; items: Array<Record<string, unknown>> }> {
    const first = await api.get(who, path).query({ limit: 200 });
    const items: Array<Record<string, unknown>> = first.status === 200 ? [...first.body.items] : [];
    let cursor: string | null = first.status === 200 ? first.body.nextCursor : null;
    while (cursor) {
      const next = await api.get(who, path).query({ limit: 200, cursor });
      expectStatus(next, 200);
      items.push(...next.body.items);
      cursor = next.body.nextCursor;
    }
    return { res: first, items };
  }

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await signInAdmin(t);
    clinicAId = (await makeClinic(t, admin)).id;
    clinicBId = (await makeClinic(t, admin)).id;
    // Drug tests fall due on days drawn at random: a worklist row must not hang on whether today was drawn.
    for (const id of [clinicAId, clinicBId]) await drawNoDrugTests(t, admin, id);
    const [coordinator, coordinatorB, physician, nurse, counselorOnTeam, counselorOffTeam, counselorEmergency] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, clinicAId),
      makeStaff(t, admin, Role.Coordinator, clinicBId),
      makeStaff(t, admin, Role.Physician, clinicAId),
      makeStaff(t, admin, Role.Nurse, clinicAId),
      makeStaff(t, admin, Role.Counselor, clinicAId),
      makeStaff(t, admin, Role.Counselor, clinicAId),
      makeStaff(t, admin, Role.Counselor, clinicAId),
    ]);
    const [peerWithConsent, peerWithoutConsent, peerUnrelated, spare, counselor, peer] = await Promise.all([
      makeStaff(t, admin, Role.PeerLeader, clinicAId),
      makeStaff(t, admin, Role.PeerLeader, clinicAId),
      makeStaff(t, admin, Role.PeerLeader, clinicAId),
      makeStaff(t, admin, Role.Physician, clinicAId),
      makeStaff(t, admin, Role.Counselor, clinicAId),
      makeStaff(t, admin, Role.PeerLeader, clinicAId),
    ]);
    const [peerGroupLeader, peerOtherGroupLeader, peerLeaderRevoked, author, leaderB, hostNurse, hostPhysician] = await Promise.all([
      makeStaff(t, admin, Role.PeerLeader, clinicAId),
      makeStaff(t, admin, Role.PeerLeader, clinicAId),
      makeStaff(t, admin, Role.PeerLeader, clinicAId),
      makeStaff(t, admin, Role.Counselor, clinicAId),
      makeStaff(t, admin, Role.PeerLeader, clinicBId),
      makeStaff(t, admin, Role.Nurse, clinicBId),
      makeStaff(t, admin, Role.Physician, clinicBId),
    ]);
    Object.assign(staff, {
      admin,
      coordinator,
      coordinatorB,
      physician,
      nurse,
      counselorOnTeam,
      counselorOffTeam,
      counselorEmergency,
      peerWithConsent,
      peerWithoutConsent,
      peerUnrelated,
      peerGroupLeader,
      peerOtherGroupLeader,
      peerLeaderRevoked,
      hostNurse,
      hostPhysician,
    });
    sparePhysician = spare;
    bystanderCounselor = counselor;
    bystanderPeerLeader = peer;
    authorCounselor = author;
    peerLeaderB = leaderB;
    clinicBClientId = await register(coordinatorB);
    for (const key of Object.keys(TABLE) as CallerKey[]) {
      subjectGroup[key] = await makeGroup(LEADS_SUBJECT_GROUP.has(key) ? staff[key] : bystanderPeerLeader);
      subjectMeeting[key] = await makeMeeting(subjectGroup[key]);
      ledGroups[key] = LEADS_SUBJECT_GROUP.has(key) ? [subjectGroup[key]] : [];
      if (LEADS_OTHER_GROUP.has(key)) ledGroups[key].push(await makeGroup(staff[key]));
    }
  });
  afterAll(() => t?.close());

  for (const key of Object.keys(TABLE) as CallerKey[]) {
    const { label, rows } = TABLE[key];

    describe(label, () => {
      /** The caller's read subject: an active client of clinic A, related to the caller as the table says. */
      let subjectId: string;

      /** The caller's read subject is also a member of the caller's subject group, present at its meeting. */
      beforeAll(async () => {
        subjectId = await register();
        await relate[key](subjectId);
        await enrol(key, subjectId, true);
      });

      /** A subject of its own for a write cell, so cells do not disturb each other. */
      async function freshSubject(): Promise<string> {
        const id = await register();
        await relateFully(key, id);
        return id;
      }

      /** A dosing subject of its own (a write cell's), related to the caller as the table says. */
      async function freshDosingSubject(setup: { order?: boolean; dose?: boolean }): Promise<DosingSubject> {
        const subject = await admitForDosing(setup);
        await relateFully(key, subject.id);
        return subject;
      }

      /** A member of the caller's subject group of its own (a write cell's), related to the caller as the table says. */
      async function freshMember(): Promise<string> {
        const id = await register();
        await relate[key](id);
        await enrol(key, id, false);
        return id;
      }

      /**
       * A client with the care team's counselor (the author) on its care team,
       * a family_contact consent and one relative the client lets the clinic
       * contact; with `interaction`, one logged call too.
       */
      async function freshFamily(interaction: boolean): Promise<{ clientId: string; contactId: string; interactionId?: string }> {
        const clientId = await freshSubject();
        await addToTeam(clientId, authorCounselor, 'counselor');
        await recordConsent(clientId, 'family_contact');
        const contact = await api.post(authorCounselor, `/clients/${clientId}/family-contacts`, {
          name: '李秀英',
          relationship: 'mother',
          mayContact: true,
        });
        expectStatus(contact, 201);
        const family: { clientId: string; contactId: string; interactionId?: string } = { clientId, contactId: contact.body.id as string };
        if (interaction) {
          const logged = await api.post(authorCounselor, `/clients/${clientId}/family-contacts/${family.contactId}/interactions`, {
            date: clinicDay(t),
            channel: 'phone',
            summary: 'Asked how the weekend went.',
          });
          expectStatus(logged, 201);
          family.interactionId = logged.body.id as string;
        }
        return family;
      }

      /** The caller's family read subject, made on first use. */
      let familyReadSubject: ReturnType<typeof freshFamily> | undefined;
      function familyRead(): ReturnType<typeof freshFamily> {
        familyReadSubject ??= freshFamily(true);
        return familyReadSubject;
      }

      /** The caller's counseling read subject, made on first use: one session with topics and notes, by the author. */
      let counselingReadSubject: Promise<{ clientId: string; sessionId: string }> | undefined;
      function counselingRead(): Promise<{ clientId: string; sessionId: string }> {
        counselingReadSubject ??= (async () => {
          const clientId = await freshSubject();
          await addToTeam(clientId, authorCounselor, 'counselor');
          const session = await api.post(authorCounselor, `/clients/${clientId}/counseling-sessions`, {
            date: clinicDay(t),
            type: 'individual',
            minutes: 45,
            topics: [SESSION_TOPIC],
            notes: SESSION_NOTES,
          });
          expectStatus(session, 201);
          return { clientId, sessionId: session.body.id as string };
        })();
        return counselingReadSubject;
      }

      /** A client with the author on its care team and one goal the author set; with `review`, a review with its note too. */
      async function freshPlan(review: boolean): Promise<{ clientId: string; goalId: string }> {
        const clientId = await freshSubject();
        await addToTeam(clientId, authorCounselor, 'counselor');
        const goal = await api.post(authorCounselor, `/clients/${clientId}/care-plan/goals`, {
          domain: 'health',
          description: 'Sleep through the night',
        });
        expectStatus(goal, 201);
        const goalId = goal.body.id as string;
        if (review) {
          const body = { date: clinicDay(t), progress: 'better', note: REVIEW_NOTE };
          expectStatus(await api.post(authorCounselor, `/clients/${clientId}/care-plan/goals/${goalId}/reviews`, body), 201);
        }
        return { clientId, goalId };
      }

      /** A client with the author on its care team and one referral the author made, with its note. */
      async function freshReferral(): Promise<{ clientId: string; referralId: string }> {
        const clientId = await freshSubject();
        await addToTeam(clientId, authorCounselor, 'counselor');
        const body = {
          service: 'hepatitis_c',
          organisation: 'Liver clinic',
          date: clinicDay(t),
          sharesPersonalData: false,
          note: REFERRAL_NOTE,
        };
        const made = await api.post(authorCounselor, `/clients/${clientId}/referrals`, body);
        expectStatus(made, 201);
        return { clientId, referralId: made.body.id as string };
      }

      /** The caller's care-plan and referral read subjects, made on first use. */
      let planReadSubject: ReturnType<typeof freshPlan> | undefined;
      let referralReadSubject: ReturnType<typeof freshReferral> | undefined;

      /** A client's care plan and referrals as clinic A's coordinator sees them (to tell what a write left behind). */
      async function planOf(clientId: string): Promise<{ goals: Array<{ id: string; status: string; reviews: unknown[] }> }> {
        const res = await api.get(staff.coordinator, `/clients/${clientId}/care-plan`);
        expectStatus(res, 200);
        return res.body as { goals: Array<{ id: string; status: string; reviews: unknown[] }> };
      }

      /** The caller's assessment read subject, made on first use: one MSPSS, by the author. */
      let assessmentReadSubject: Promise<{ clientId: string; assessmentId: string }> | undefined;
      function assessmentRead(): Promise<{ clientId: string; assessmentId: string }> {
        assessmentReadSubject ??= (async () => {
          const clientId = await freshSubject();
          await addToTeam(clientId, authorCounselor, 'counselor');
          const assessment = await api.post(authorCounselor, `/clients/${clientId}/assessments`, {
            instrument: 'mspss',
            date: clinicDay(t),
            answers: ASSESSMENT_ANSWERS,
          });
          expectStatus(assessment, 201);
          return { clientId, assessmentId: assessment.body.id as string };
        })();
        return assessmentReadSubject;
      }

      /** The caller's dosing read subject, made on first use: admitted today, with an order and today's dose. */
      let dosingReadSubject: Promise<DosingSubject> | undefined;
      function dosingRead(): Promise<DosingSubject> {
        dosingReadSubject ??= freshDosingSubject({ order: true, dose: true });
        return dosingReadSubject;
      }

      async function perform(
        route: Route,
        expected: Detail | undefined,
      ): Promise<{
        res: Response;
        clientId?: string;
        items?: Array<Record<string, unknown>>;
        subject?: DosingSubject;
        support?: SupportCase;
      }> {
        const who = staff[key];
        switch (route) {
          case 'POST /clients':
            return { res: await api.post(who, '/clients', registration()) };
          case 'GET /clients':
            return { ...(await listAll(who, '/clients')), clientId: subjectId };
          case 'GET /clients/:id':
            return { res: await api.get(who, `/clients/${subjectId}`), clientId: subjectId };
          case 'PATCH /clients/:id': {
            const id = await freshSubject();
            return { res: await api.patch(who, `/clients/${id}`, { preferredName: 'Ah Wei' }), clientId: id };
          }
          case 'POST /clients/:id/care-team': {
            const id = await freshSubject();
            return { res: await api.post(who, `/clients/${id}/care-team`, { staffId: sparePhysician.id, role: 'physician' }) };
          }
          case 'GET /clients/:id/care-team':
            return { res: await api.get(who, `/clients/${subjectId}/care-team`) };
          case 'DELETE /clients/:id/care-team/:staffId': {
            const id = await freshSubject();
            await addToTeam(id, sparePhysician, 'physician');
            return { res: await api.delete(who, `/clients/${id}/care-team/${sparePhysician.id}`) };
          }
          case 'POST /clients/:id/discharge': {
            const id = await freshSubject();
            return {
              res: await api.post(who, `/clients/${id}/discharge`, { date: clinicDay(t, -DISCHARGE_DAYS_AGO), reason: 'completed' }),
            };
          }
          case 'POST /clients/:id/readmit': {
            const id = await freshSubject();
            await discharge(id);
            return { res: await api.post(who, `/clients/${id}/readmit`, { date: clinicDay(t) }) };
          }
          case 'GET /clients/:id/episodes':
            return { res: await api.get(who, `/clients/${subjectId}/episodes`) };
          case 'POST /clients/:id/consents': {
            const id = await freshSubject();
            return { res: await api.post(who, `/clients/${id}/consents`, { scope: 'sms_reminders' }) };
          }
          case 'POST /clients/:id/consents/:consentId/revoke': {
            const id = await freshSubject();
            const consentId = await recordConsent(id, 'research');
            return { res: await api.post(who, `/clients/${id}/consents/${consentId}/revoke`, { reason: 'client changed their mind' }) };
          }
          case 'GET /clients/:id/consents':
            return { res: await api.get(who, `/clients/${subjectId}/consents`) };
          case 'POST /clients/:id/emergency-access': {
            const id = await freshSubject();
            return { res: await api.post(who, `/clients/${id}/emergency-access`, { reason: EMERGENCY_REASON }) };
          }
          case 'POST /emergency-access': {
            // The client known by their code: a subject of its own, related to the caller as the table says.
            const id = await freshSubject();
            const client = await api.get(staff.coordinator, `/clients/${id}`);
            expectStatus(client, 200);
            return { res: await api.post(who, '/emergency-access', { clientCode: client.body.code, reason: EMERGENCY_REASON }) };
          }
          case 'GET /emergency-access':
            if (expected === NO_CLINIC_A_GRANTS) {
              // Make sure clinic A has a grant the caller could wrongly see.
              const id = await register();
              await breakGlass(staff.physician, id);
              const { items } = await listAll(staff.coordinator, '/emergency-access');
              expect(items.map((grant) => grant.clientId)).toContain(id);
            }
            return listAll(who, '/emergency-access');
          case 'GET /clients/:id/access-log':
            return { res: await api.get(who, `/clients/${subjectId}/access-log`) };
          case 'GET /clients/:id (discharged subject)': {
            const id = await freshSubject();
            await discharge(id);
            return { res: await api.get(who, `/clients/${id}`), clientId: id };
          }
          case 'GET /clients (discharged subject)': {
            const id = await freshSubject();
            await discharge(id);
            return { ...(await listAll(who, '/clients')), clientId: id };
          }
          case 'POST /clients/:id/dose-orders': {
            const subject = await freshDosingSubject({});
            const body = { doseMg: 60, effectiveDate: subject.admittedOn };
            return { res: await api.post(who, `/clients/${subject.id}/dose-orders`, body), subject };
          }
          case 'GET /clients/:id/dose-orders': {
            const subject = await dosingRead();
            return { res: await api.get(who, `/clients/${subject.id}/dose-orders`), subject };
          }
          case 'POST /clients/:id/doses': {
            // A subject of its own: a second observed dose on one clinic day would be 409 DOSE_ALREADY_GIVEN.
            const subject = await freshDosingSubject({ order: true });
            const body = { doseMg: 60, kind: 'observed', clinicDay: subject.admittedOn };
            return { res: await api.post(who, `/clients/${subject.id}/doses`, body), subject };
          }
          case 'GET /clients/:id/doses': {
            const subject = await dosingRead();
            return { res: await api.get(who, `/clients/${subject.id}/doses`), subject };
          }
          case 'GET /clients/:id/dosing-status': {
            const subject = await dosingRead();
            return { res: await api.get(who, `/clients/${subject.id}/dosing-status`), subject };
          }
          case 'GET /dosing/today': {
            const subject = await dosingRead();
            return { ...(await listAll(who, '/dosing/today')), clientId: subject.id, subject };
          }
          case 'GET /worklist': {
            // A consent of the subject's ending within the renewal window: due for the coordinator and the care-team counselor.
            const id = await freshSubject();
            const consent = await api.post(staff.coordinator, `/clients/${id}/consents`, {
              scope: 'research',
              validUntil: clinicDay(t, 3),
            });
            expectStatus(consent, 201);
            const res = await api.get(who, '/worklist');
            return { res, items: res.status === 200 ? (res.body.items as Array<Record<string, unknown>>) : [], clientId: id };
          }
          case 'POST /clients/:id/drug-tests': {
            const subject = await freshDosingSubject({});
            const body = { date: subject.admittedOn, observed: true, results: [{ substance: 'opiates', result: 'negative' }] };
            return { res: await api.post(who, `/clients/${subject.id}/drug-tests`, body), subject };
          }
          case 'GET /clients/:id/drug-tests': {
            const subject = await dosingRead();
            return { res: await api.get(who, `/clients/${subject.id}/drug-tests`), subject };
          }
          case 'POST /imports/dosing-history': {
            const subject = await freshDosingSubject({});
            const csv = `${HISTORY_HEADER}\n${subject.code},${subject.admittedOn},60,observed\n`;
            const res = await t.http.post(`${API}/imports/dosing-history`).set(who.auth).set('Content-Type', 'text/csv').send(csv);
            return { res, subject };
          }
          case 'POST /clients/:id/guest-dosing': {
            const id = await freshSubject();
            const body = { hostClinicId: clinicBId, from: clinicDay(t, 4), until: clinicDay(t, 5), clientAgreed: true };
            return { res: await api.post(who, `/clients/${id}/guest-dosing`, body), clientId: id };
          }
          case 'GET /guest-dosing':
            return { ...(await listAll(who, '/guest-dosing')), clientId: subjectId };
          case 'POST /guest-dosing/:id/end': {
            // Days after any arrangement the caller's relation made, so the two never overlap.
            const id = await freshSubject();
            const arrangementId = await arrangeGuestDosing(id, 4, 5);
            return { res: await api.post(who, `/guest-dosing/${arrangementId}/end`), clientId: id };
          }
          case 'POST /clients/:id/transfers': {
            const id = await freshSubject();
            const body = { toClinicId: clinicBId, date: clinicDay(t), clientAgreed: true };
            return { res: await api.post(who, `/clients/${id}/transfers`, body), clientId: id };
          }
          case 'GET /transfers':
            return listAll(who, '/transfers');
          case 'POST /transfers/:id/accept':
          case 'POST /transfers/:id/decline': {
            // A transfer of a subject of its own to clinic B, proposed by clinic A's coordinator.
            const id = await freshSubject();
            const proposed = await api.post(staff.coordinator, `/clients/${id}/transfers`, {
              toClinicId: clinicBId,
              date: clinicDay(t),
              clientAgreed: true,
            });
            expectStatus(proposed, 201);
            const verb = route === 'POST /transfers/:id/accept' ? 'accept' : 'decline';
            return { res: await api.post(who, `/transfers/${proposed.body.id as string}/${verb}`), clientId: id };
          }
          default:
            return performSupport(route, expected);
        }
      }

      async function performSupport(route: SupportRoute, expected: Detail | undefined): Promise<{ res: Response; support: SupportCase }> {
        const who = staff[key];
        const groupId = subjectGroup[key];
        const meetingId = subjectMeeting[key];
        switch (route) {
          case 'POST /clients/:id/counseling-sessions': {
            const clientId = await freshSubject();
            const body = { date: clinicDay(t), type: 'individual', minutes: 45, topics: [SESSION_TOPIC], notes: SESSION_NOTES };
            return { res: await api.post(who, `/clients/${clientId}/counseling-sessions`, body), support: { clientId } };
          }
          case 'GET /clients/:id/counseling-sessions': {
            const { clientId, sessionId } = await counselingRead();
            return { res: await api.get(who, `/clients/${clientId}/counseling-sessions`), support: { clientId, recordId: sessionId } };
          }
          case 'GET /assessment-instruments':
            return { res: await api.get(who, '/assessment-instruments'), support: {} };
          case 'POST /clients/:id/assessments': {
            const clientId = await freshSubject();
            const body = { instrument: 'mspss', date: clinicDay(t), answers: ASSESSMENT_ANSWERS };
            return { res: await api.post(who, `/clients/${clientId}/assessments`, body), support: { clientId } };
          }
          case 'GET /clients/:id/assessments': {
            const { clientId, assessmentId } = await assessmentRead();
            return { res: await api.get(who, `/clients/${clientId}/assessments`), support: { clientId, recordId: assessmentId } };
          }
          case 'POST /clients/:id/family-contacts': {
            const clientId = await freshSubject();
            const body = { name: '王芳', relationship: 'sister', mayContact: true };
            return { res: await api.post(who, `/clients/${clientId}/family-contacts`, body), support: { clientId } };
          }
          case 'GET /clients/:id/family-contacts': {
            const { clientId, contactId } = await familyRead();
            return { res: await api.get(who, `/clients/${clientId}/family-contacts`), support: { clientId, recordId: contactId } };
          }
          case 'GET /clients/:id/family-contacts/:fid': {
            const { clientId, contactId } = await familyRead();
            return { res: await api.get(who, `/clients/${clientId}/family-contacts/${contactId}`), support: { clientId, contactId } };
          }
          case 'PATCH /clients/:id/family-contacts/:fid': {
            const { clientId, contactId } = await freshFamily(false);
            const sent = unique('Comes to the family sessions');
            const res = await api.patch(who, `/clients/${clientId}/family-contacts/${contactId}`, { notes: sent });
            return { res, support: { clientId, contactId, sent } };
          }
          case 'POST /clients/:id/family-contacts/:fid/interactions': {
            const { clientId, contactId } = await freshFamily(false);
            const body = { date: clinicDay(t), channel: 'visit' };
            return {
              res: await api.post(who, `/clients/${clientId}/family-contacts/${contactId}/interactions`, body),
              support: { clientId, contactId },
            };
          }
          case 'GET /clients/:id/family-contacts/:fid/interactions': {
            const { clientId, contactId, interactionId } = await familyRead();
            const res = await api.get(who, `/clients/${clientId}/family-contacts/${contactId}/interactions`);
            return { res, support: { clientId, contactId, recordId: interactionId } };
          }
          case 'POST /peer-groups': {
            const leader = who.clinicId === clinicBId ? peerLeaderB : bystanderPeerLeader;
            const sent = unique('Group');
            return {
              res: await api.post(who, '/peer-groups', { name: sent, leaderIds: [leader.id] }),
              support: { sent, recordId: leader.id },
            };
          }
          case 'GET /peer-groups': {
            const { res, items } = await listAll(who, '/peer-groups');
            return { res, support: { groupId, items } };
          }
          case 'GET /peer-groups/:id':
            return { res: await api.get(who, `/peer-groups/${groupId}`), support: { groupId } };
          case 'PATCH /peer-groups/:id': {
            const sent = unique('Room');
            return { res: await api.patch(who, `/peer-groups/${groupId}`, { location: sent }), support: { groupId, sent } };
          }
          case 'POST /peer-groups/:id/members': {
            // Related as the table says, with a consent in force (unless the caller's subjects have none), not yet a member.
            const clientId = await register();
            await relate[key](clientId);
            if (!CONSENTED_BY_RELATION.has(key) && !WITHOUT_CONSENT.has(key)) await recordConsent(clientId, 'peer_support');
            return { res: await api.post(who, `/peer-groups/${groupId}/members`, { clientId }), support: { groupId, clientId } };
          }
          case 'GET /peer-groups/:id/members': {
            const { res, items } = await listAll(who, `/peer-groups/${groupId}/members`);
            return { res, support: { groupId, clientId: subjectId, items } };
          }
          case 'DELETE /peer-groups/:id/members/:clientId': {
            const clientId = await freshMember();
            return { res: await api.delete(who, `/peer-groups/${groupId}/members/${clientId}`), support: { groupId, clientId } };
          }
          case 'POST /peer-groups/:id/meetings': {
            const before = (await itemsOf(`/peer-groups/${groupId}/meetings`)).map((meeting) => meeting.id as string);
            const res = await api.post(who, `/peer-groups/${groupId}/meetings`, { date: clinicDay(t), topic: 'Looking for work' });
            return { res, support: { groupId, sent: JSON.stringify(before) } };
          }
          case 'POST /peer-groups/:id/meetings/series': {
            // The group meets weekly on the day a week from today: one meeting in the week planned, on no day the table uses.
            const meetingDay = WEEKDAYS[new Date(`${clinicDay(t, 7)}T00:00:00Z`).getUTCDay()];
            expectStatus(await api.patch(staff.coordinator, `/peer-groups/${groupId}`, { meetingDay, meetingTime: '19:00' }), 200);
            const before = (await itemsOf(`/peer-groups/${groupId}/meetings`)).map((meeting) => meeting.id as string);
            const res = await api.post(who, `/peer-groups/${groupId}/meetings/series`, { from: clinicDay(t, 7), until: clinicDay(t, 13) });
            return { res, support: { groupId, sent: JSON.stringify(before) } };
          }
          case 'GET /peer-groups/:id/meetings': {
            const { res, items } = await listAll(who, `/peer-groups/${groupId}/meetings`);
            return { res, support: { groupId, recordId: meetingId, items } };
          }
          case 'PUT /peer-groups/:id/meetings/:meetingId/attendance': {
            // A meeting of its own: the attendance a PUT leaves is the whole attendance.
            const fresh = await makeMeeting(groupId);
            const path = `/peer-groups/${groupId}/meetings/${fresh}/attendance`;
            const res = await api.put(who, path, { records: [{ clientId: subjectId, status: 'present' }] });
            return { res, support: { groupId, meetingId: fresh, clientId: subjectId } };
          }
          case 'GET /peer-groups/:id/meetings/:meetingId/attendance': {
            const res = await api.get(who, `/peer-groups/${groupId}/meetings/${meetingId}/attendance`);
            return { res, support: { groupId, meetingId, clientId: subjectId } };
          }
          case 'GET /clients/:id/peer-groups':
            return { res: await api.get(who, `/clients/${subjectId}/peer-groups`), support: { groupId, meetingId, clientId: subjectId } };
          case 'GET /clients/:id/care-plan': {
            planReadSubject ??= freshPlan(true);
            const { clientId, goalId } = await planReadSubject;
            return { res: await api.get(who, `/clients/${clientId}/care-plan`), support: { clientId, recordId: goalId } };
          }
          case 'POST /clients/:id/care-plan/goals': {
            const clientId = await freshSubject();
            const sent = unique('Find work');
            return {
              res: await api.post(who, `/clients/${clientId}/care-plan/goals`, { domain: 'work_income', description: sent }),
              support: { clientId, sent },
            };
          }
          case 'PATCH /clients/:id/care-plan/goals/:goalId': {
            const { clientId, goalId } = await freshPlan(false);
            return {
              res: await api.patch(who, `/clients/${clientId}/care-plan/goals/${goalId}`, { status: 'achieved' }),
              support: { clientId, recordId: goalId },
            };
          }
          case 'POST /clients/:id/care-plan/goals/:goalId/reviews': {
            const { clientId, goalId } = await freshPlan(false);
            const body = { date: clinicDay(t), progress: 'same', note: REVIEW_NOTE };
            return {
              res: await api.post(who, `/clients/${clientId}/care-plan/goals/${goalId}/reviews`, body),
              support: { clientId, recordId: goalId },
            };
          }
          case 'POST /clients/:id/referrals': {
            const clientId = await freshSubject();
            const body = {
              service: 'employment',
              organisation: 'Job centre',
              date: clinicDay(t),
              sharesPersonalData: false,
              note: REFERRAL_NOTE,
            };
            return { res: await api.post(who, `/clients/${clientId}/referrals`, body), support: { clientId } };
          }
          case 'PATCH /clients/:id/referrals/:rid': {
            const { clientId, referralId } = await freshReferral();
            const body = { status: 'attended', attendedOn: clinicDay(t), outcome: REFERRAL_OUTCOME };
            return {
              res: await api.patch(who, `/clients/${clientId}/referrals/${referralId}`, body),
              support: { clientId, recordId: referralId },
            };
          }
          case 'GET /clients/:id/referrals': {
            referralReadSubject ??= freshReferral();
            const { clientId, referralId } = await referralReadSubject;
            return { res: await api.get(who, `/clients/${clientId}/referrals`), support: { clientId, recordId: referralId } };
          }
          case 'GET /reports/retention':
          case 'GET /reports/attendance':
          case 'GET /reports/dosing':
          case 'GET /reports/peer-uptake':
          case 'GET /exports/research':
          case 'GET /exports/research/summary': {
            const path = route.slice('GET '.length);
            // The research export is a ZIP: read as bytes, with a project.
            const read = () =>
              route === 'GET /exports/research'
                ? api
                    .get(who, path)
                    .query({ format: 'csv', project: 'authorization' })
                    .buffer(true)
                    .parse((response, done) => {
                      const chunks: Buffer[] = [];
                      response.on('data', (chunk: Buffer) => chunks.push(chunk));
                      response.on('end', () => {
                        const body = Buffer.concat(chunks);
                        const zip = response.headers['content-type'] === 'application/zip';
                        done(null, zip ? body : JSON.parse(body.toString('utf8')));
                      });
                    })
                : api.get(who, path);
            if (expected !== OWN_CLINIC_REPORT && expected !== NO_CLINIC_A_DATA) return { res: await read(), support: {} };
            const before = await read();
            expectStatus(before, 200);
            const made = await newClinicARecord(route);
            return { res: await read(), support: { before, ...made } };
          }
        }
      }

      /** The answer of a dosing cell is the subject's own record, and a write is recorded on that client. */
      async function expectSubjectDosing(route: Route, res: Response, subject: DosingSubject): Promise<void> {
        const who = staff[key];
        switch (route) {
          case 'POST /clients/:id/dose-orders':
            expect(res.body).toMatchObject({ doseMg: 60, effectiveDate: subject.admittedOn, orderedBy: who.id });
            expect((await ordersOf(subject.id)).map((order) => order.id)).toEqual([res.body.id]);
            return;
          case 'GET /clients/:id/dose-orders':
            expect((res.body.items as Array<Record<string, unknown>>).map((order) => order.id)).toEqual([subject.orderId]);
            return;
          case 'POST /clients/:id/doses':
            expect(res.body).toMatchObject({ clinicDay: subject.admittedOn, doseMg: 60, kind: 'observed', recordedBy: who.id });
            expect((await dosesOf(subject.id)).map((dose) => dose.id)).toEqual([res.body.id]);
            return;
          case 'GET /clients/:id/doses':
            expect((res.body.items as Array<Record<string, unknown>>).map((dose) => dose.id)).toEqual([subject.dose?.id]);
            return;
          case 'GET /clients/:id/dosing-status':
            expect(sorted(Object.keys(res.body))).toEqual(sorted(STATUS_FIELDS));
            expect(res.body).toMatchObject({
              lastDoseDay: subject.dose?.clinicDay,
              consecutiveMissedDays: 0,
              flag: 'ok',
              activeOrder: { id: subject.orderId },
            });
            return;
          case 'POST /imports/dosing-history':
            expect(res.body).toEqual({ imported: 1 });
            expect(await dosesOf(subject.id)).toEqual([
              expect.objectContaining({ clinicDay: subject.admittedOn, doseMg: 60, kind: 'observed' }),
            ]);
            return;
          default:
            throw new Error(`${route} has no dosing record to check`);
        }
      }

      /**
       * The answer of a counseling, family, peer-group or report cell: the
       * record it names, with exactly the fields of `expected`; a write is
       * there for clinic A's coordinator afterwards, and a refused one left
       * nothing behind.
       */
      async function expectSupport(
        route: SupportRoute,
        status: number,
        expected: Detail | undefined,
        res: Response,
        c: SupportCase,
      ): Promise<void> {
        const who = staff[key];
        const done = status >= 200 && status < 300;
        const fields = Array.isArray(expected) ? sorted(expected) : undefined;
        const keysOf = (value: unknown): string[] => sorted(Object.keys(value as object));
        if (done && fields && !Array.isArray(res.body) && !('items' in res.body) && !('records' in res.body)) {
          expect(keysOf(res.body)).toEqual(fields);
        }
        switch (route) {
          case 'POST /clients/:id/counseling-sessions': {
            const sessions = await itemsOf(`/clients/${c.clientId}/counseling-sessions`);
            if (!done) return expect(sessions).toEqual([]);
            expect(res.body).toMatchObject({ clientId: c.clientId, counselorId: who.id, topics: [SESSION_TOPIC], notes: SESSION_NOTES });
            return expect(sessions.map((session) => session.id)).toEqual([res.body.id]);
          }
          case 'GET /clients/:id/counseling-sessions': {
            if (!done) return;
            const sessions = res.body.items as Array<Record<string, unknown>>;
            expect(sessions.map((session) => session.id)).toEqual([c.recordId]);
            expect(keysOf(sessions[0])).toEqual(fields);
            if (expected === SESSION) return expect(sessions[0]).toMatchObject({ topics: [SESSION_TOPIC], notes: SESSION_NOTES });
            expect(res.text).not.toContain(SESSION_TOPIC);
            return expect(res.text).not.toContain(SESSION_NOTES);
          }
          case 'GET /assessment-instruments':
            if (!done) return;
            return expect((res.body as Array<{ key: string }>).map((instrument) => instrument.key)).toEqual(['mspss', 'stigma', 'phq9']);
          case 'POST /clients/:id/assessments': {
            const assessments = await itemsOf(`/clients/${c.clientId}/assessments`);
            if (!done) return expect(assessments).toEqual([]);
            expect(res.body).toMatchObject({ instrument: 'mspss', total: 4.33, counselorId: who.id, answers: ASSESSMENT_ANSWERS });
            return expect(assessments.map((assessment) => assessment.id)).toEqual([res.body.id]);
          }
          case 'GET /clients/:id/assessments': {
            if (!done) return;
            const assessments = res.body.items as Array<Record<string, unknown>>;
            expect(assessments.map((assessment) => assessment.id)).toEqual([c.recordId]);
            expect(keysOf(assessments[0])).toEqual(fields);
            expect(assessments[0]).toMatchObject({ total: 4.33, subscales: { family: 4.5, friends: 2, significant_other: 6.5 } });
            if (expected === ASSESSMENT) return expect(assessments[0].answers).toEqual(ASSESSMENT_ANSWERS);
            return expect(res.text).not.toContain('answers');
          }
          case 'POST /clients/:id/family-contacts': {
            const contacts = await itemsOf(`/clients/${c.clientId}/family-contacts`);
            if (!done) return expect(contacts).toEqual([]);
            expect(res.body).toMatchObject({ clientId: c.clientId, name: '王芳', relationship: 'sister', mayContact: true });
            return expect(contacts.map((contact) => contact.id)).toEqual([res.body.id]);
          }
          case 'GET /clients/:id/family-contacts': {
            if (!done) return;
            const contacts = res.body.items as Array<Record<string, unknown>>;
            expect(contacts.map((contact) => contact.id)).toEqual([c.recordId]);
            return expect(keysOf(contacts[0])).toEqual(fields);
          }
          case 'GET /clients/:id/family-contacts/:fid':
            if (done) expect(res.body).toMatchObject({ id: c.contactId, clientId: c.clientId, name: '李秀英', contactable: true });
            return;
          case 'PATCH /clients/:id/family-contacts/:fid': {
            const stored = await api.get(staff.coordinator, `/clients/${c.clientId}/family-contacts/${c.contactId}`);
            expectStatus(stored, 200);
            if (!done) return expect(stored.body.notes).toBeNull();
            expect(res.body).toMatchObject({ id: c.contactId, notes: c.sent });
            return expect(stored.body.notes).toBe(c.sent);
          }
          case 'POST /clients/:id/family-contacts/:fid/interactions': {
            const interactions = await itemsOf(`/clients/${c.clientId}/family-contacts/${c.contactId}/interactions`);
            if (!done) return expect(interactions).toEqual([]);
            expect(res.body).toMatchObject({ familyContactId: c.contactId, channel: 'visit', recordedBy: who.id });
            return expect(interactions.map((interaction) => interaction.id)).toEqual([res.body.id]);
          }
          case 'GET /clients/:id/family-contacts/:fid/interactions': {
            if (!done) return;
            const interactions = res.body.items as Array<Record<string, unknown>>;
            expect(interactions.map((interaction) => interaction.id)).toEqual([c.recordId]);
            return expect(keysOf(interactions[0])).toEqual(fields);
          }
          case 'POST /peer-groups': {
            if (!done) return expect((await itemsOf('/peer-groups')).filter((group) => group.name === c.sent)).toEqual([]);
            expect(res.body).toMatchObject({ name: c.sent, leaderIds: [c.recordId] });
            // A group of the caller's clinic: its coordinator sees it, the other clinic's coordinator does not.
            const [own, other] =
              who.clinicId === clinicAId ? [staff.coordinator, staff.coordinatorB] : [staff.coordinatorB, staff.coordinator];
            (who.clinicId === clinicAId ? clinicAGroupIds : clinicBGroupIds).add(res.body.id as string);
            expectStatus(await api.get(own, `/peer-groups/${res.body.id as string}`), 200);
            return expectStatus(await api.get(other, `/peer-groups/${res.body.id as string}`), 404);
          }
          case 'GET /peer-groups': {
            if (!done) return;
            const groups = c.items ?? [];
            for (const group of groups) expect(keysOf(group)).toEqual(sorted(GROUP));
            const ids = groups.map((group) => group.id as string);
            if (expected === GROUP) return expect(ids).toContain(c.groupId);
            if (expected === LED_GROUPS_ONLY) return expect(sorted(ids)).toEqual(sorted(ledGroups[key]));
            expect(ids).not.toContain(c.groupId);
            return expect(ids.filter((id) => clinicAGroupIds.has(id))).toEqual([]);
          }
          case 'GET /peer-groups/:id':
            if (done)
              expect(res.body).toMatchObject({
                id: c.groupId,
                leaderIds: LEADS_SUBJECT_GROUP.has(key) ? [who.id] : [bystanderPeerLeader.id],
              });
            return;
          case 'PATCH /peer-groups/:id': {
            const stored = await api.get(staff.coordinator, `/peer-groups/${c.groupId}`);
            expectStatus(stored, 200);
            if (!done) return expect(stored.body.location).not.toBe(c.sent);
            expect(res.body).toMatchObject({ id: c.groupId, location: c.sent });
            return expect(stored.body.location).toBe(c.sent);
          }
          case 'POST /peer-groups/:id/members': {
            const memberships = (await membershipsOf(c.clientId as string)).filter((membership) => membership.groupId === c.groupId);
            if (!done) return expect(memberships).toEqual([]);
            expect(res.body).toMatchObject({ clientId: c.clientId });
            return expect(memberships).toEqual([expect.objectContaining({ leftAt: null })]);
          }
          case 'GET /peer-groups/:id/members': {
            if (!done) return;
            const member = (c.items ?? []).find((item) => item.clientId === c.clientId);
            if (expected === ABSENT) {
              expect(member).toBeUndefined();
              // A current member all the same, whom the caller may not see.
              const memberships = await membershipsOf(c.clientId as string);
              return expect(memberships.filter((membership) => membership.groupId === c.groupId)).toEqual([
                expect.objectContaining({ leftAt: null }),
              ]);
            }
            expect(member).toBeDefined();
            return expect(keysOf(member)).toEqual(fields);
          }
          case 'DELETE /peer-groups/:id/members/:clientId': {
            const memberships = (await membershipsOf(c.clientId as string)).filter((membership) => membership.groupId === c.groupId);
            expect(memberships).toHaveLength(1);
            return done ? expect(memberships[0].leftAt).not.toBeNull() : expect(memberships[0].leftAt).toBeNull();
          }
          case 'POST /peer-groups/:id/meetings': {
            const meetings = (await itemsOf(`/peer-groups/${c.groupId}/meetings`)).map((meeting) => meeting.id as string);
            const before = JSON.parse(c.sent as string) as string[];
            if (!done) return expect(sorted(meetings)).toEqual(sorted(before));
            expect(res.body).toMatchObject({ groupId: c.groupId, date: clinicDay(t), topic: 'Looking for work' });
            return expect(sorted(meetings)).toEqual(sorted([...before, res.body.id as string]));
          }
          case 'POST /peer-groups/:id/meetings/series': {
            const meetings = (await itemsOf(`/peer-groups/${c.groupId}/meetings`)).map((meeting) => meeting.id as string);
            const before = JSON.parse(c.sent as string) as string[];
            if (!done) return expect(sorted(meetings)).toEqual(sorted(before));
            expect(res.body).toMatchObject({ created: 1, skippedDates: [] });
            expect(res.body.meetings).toEqual([expect.objectContaining({ groupId: c.groupId, date: clinicDay(t, 7), startsAt: '19:00' })]);
            return expect(sorted(meetings)).toEqual(sorted([...before, res.body.meetings[0].id as string]));
          }
          case 'GET /peer-groups/:id/meetings': {
            if (!done) return;
            const meeting = (c.items ?? []).find((item) => item.id === c.recordId);
            expect(meeting).toBeDefined();
            return expect(keysOf(meeting)).toEqual(fields);
          }
          case 'PUT /peer-groups/:id/meetings/:meetingId/attendance': {
            if (expected === NOT_A_MEMBER) {
              expect(res.body.code).toBe('NOT_A_MEMBER');
              // The same answer as for a client id that names no one.
              const path = `/peer-groups/${c.groupId}/meetings/${c.meetingId}/attendance`;
              const nobody = await api.put(who, path, { records: [{ clientId: randomUUID(), status: 'present' }] });
              expectStatus(nobody, 422);
              expect(withoutRequestId(res.body)).toEqual(withoutRequestId(nobody.body));
            }
            const recorded = (await membershipsOf(c.clientId as string))
              .flatMap((membership) => membership.attendance as Array<{ meetingId: string; status: string }>)
              .filter((record) => record.meetingId === c.meetingId);
            if (!done) return expect(recorded).toEqual([]);
            expect(res.body.meetingId).toBe(c.meetingId);
            expect((res.body.records as unknown[]).map(keysOf)).toEqual([fields]);
            expect(res.body.records).toEqual([expect.objectContaining({ clientId: c.clientId, status: 'present' })]);
            return expect(recorded).toEqual([expect.objectContaining({ status: 'present' })]);
          }
          case 'GET /peer-groups/:id/meetings/:meetingId/attendance': {
            if (!done) return;
            expect(res.body.meetingId).toBe(c.meetingId);
            const record = (res.body.records as Array<Record<string, unknown>>).find((item) => item.clientId === c.clientId);
            if (expected === ABSENT) {
              expect(record).toBeUndefined();
              // Recorded all the same, for a client the caller may not see.
              const recorded = (await membershipsOf(c.clientId as string))
                .flatMap((membership) => membership.attendance as Array<{ meetingId: string; status: string }>)
                .filter((item) => item.meetingId === c.meetingId);
              return expect(recorded).toEqual([expect.objectContaining({ status: 'present' })]);
            }
            expect(record).toBeDefined();
            expect(keysOf(record)).toEqual(fields);
            return expect(record).toMatchObject({ status: 'present' });
          }
          case 'GET /clients/:id/peer-groups': {
            if (!done) return;
            const memberships = (res.body as Array<Record<string, unknown>>).filter((membership) => membership.groupId === c.groupId);
            expect(memberships).toHaveLength(1);
            expect(keysOf(memberships[0])).toEqual(fields);
            return expect(memberships[0]).toMatchObject({
              leftAt: null,
              // (a PUT attendance cell may have recorded the subject at a meeting of its own too)
              attendance: expect.arrayContaining([{ meetingId: c.meetingId, date: clinicDay(t), status: 'present' }]),
            });
          }
          case 'GET /clients/:id/care-plan': {
            if (!done) return;
            const goals = res.body.goals as Array<{ id: string; reviews: Array<Record<string, unknown>> }>;
            expect(goals.map((goal) => goal.id)).toEqual([c.recordId]);
            expect(keysOf(goals[0])).toEqual(sorted(GOAL));
            if (expected === PLAN_WITH_NOTES) return expect(goals[0].reviews).toEqual([expect.objectContaining({ note: REVIEW_NOTE })]);
            expect(goals[0].reviews.map(keysOf)).toEqual([sorted(REVIEW.filter((field) => field !== 'note'))]);
            return expect(res.text).not.toContain(REVIEW_NOTE);
          }
          case 'POST /clients/:id/care-plan/goals': {
            const goals = (await planOf(c.clientId as string)).goals;
            if (!done) return expect(goals).toEqual([]);
            expect(res.body).toMatchObject({ domain: 'work_income', description: c.sent, status: 'open', createdBy: who.id });
            return expect(goals.map((goal) => goal.id)).toEqual([res.body.id]);
          }
          case 'PATCH /clients/:id/care-plan/goals/:goalId': {
            const goals = (await planOf(c.clientId as string)).goals;
            expect(goals.map((goal) => goal.id)).toEqual([c.recordId]);
            if (!done) return expect(goals[0].status).toBe('open');
            expect(res.body).toMatchObject({ id: c.recordId, status: 'achieved' });
            return expect(goals[0].status).toBe('achieved');
          }
          case 'POST /clients/:id/care-plan/goals/:goalId/reviews': {
            const reviews = (await planOf(c.clientId as string)).goals[0].reviews as Array<Record<string, unknown>>;
            if (!done) return expect(reviews).toEqual([]);
            expect(res.body).toMatchObject({ progress: 'same', note: REVIEW_NOTE, reviewedBy: who.id });
            return expect(reviews.map((review) => review.id)).toEqual([res.body.id]);
          }
          case 'POST /clients/:id/referrals': {
            const referrals = await itemsOf(`/clients/${c.clientId}/referrals`);
            if (!done) return expect(referrals).toEqual([]);
            expect(res.body).toMatchObject({ clientId: c.clientId, service: 'employment', note: REFERRAL_NOTE, referredBy: who.id });
            return expect(referrals.map((referral) => referral.id)).toEqual([res.body.id]);
          }
          case 'PATCH /clients/:id/referrals/:rid': {
            const referrals = await itemsOf(`/clients/${c.clientId}/referrals`);
            expect(referrals.map((referral) => referral.id)).toEqual([c.recordId]);
            if (!done) return expect(referrals[0].status).toBe('made');
            expect(res.body).toMatchObject({ id: c.recordId, status: 'attended', outcome: REFERRAL_OUTCOME });
            return expect(referrals[0].status).toBe('attended');
          }
          case 'GET /clients/:id/referrals': {
            if (!done) return;
            const referrals = res.body.items as Array<Record<string, unknown>>;
            expect(referrals.map((referral) => referral.id)).toEqual([c.recordId]);
            expect(keysOf(referrals[0])).toEqual(fields);
            if (expected === REFERRAL) return expect(referrals[0].note).toBe(REFERRAL_NOTE);
            return expect(res.text).not.toContain(REFERRAL_NOTE);
          }
          case 'GET /reports/retention':
          case 'GET /reports/attendance':
          case 'GET /reports/dosing':
          case 'GET /reports/peer-uptake':
          case 'GET /exports/research':
          case 'GET /exports/research/summary':
            if (done) await expectReport(route, expected, res, c);
            return;
        }
      }

      /** A report on the caller's own clinic only: it counts clinic A's new record for clinic A's coordinator alone. */
      async function expectReport(route: SupportRoute, expected: Detail | undefined, res: Response, c: SupportCase): Promise<void> {
        const before = c.before as Response;
        const own = expected === OWN_CLINIC_REPORT;
        if (!own) expect(res.body).toEqual(before.body);
        switch (route) {
          case 'GET /reports/retention':
            expect(sorted(Object.keys(res.body))).toEqual(sorted(RETENTION_FIELDS));
            if (own) return expect(res.body.episodes).toBe(before.body.episodes + 1);
            return expect(res.body.episodes).toBe(await clinicBEpisodes());
          case 'GET /reports/attendance': {
            expect(sorted(Object.keys(res.body))).toEqual(sorted(ATTENDANCE_REPORT_FIELDS));
            const groups = res.body.groups as Array<Record<string, unknown>>;
            for (const group of groups) expect(sorted(Object.keys(group))).toEqual(sorted(GROUP_ATTENDANCE_FIELDS));
            if (!own) return expect(groups.filter((group) => clinicAGroupIds.has(group.groupId as string))).toEqual([]);
            expect((before.body.groups as Array<{ groupId: string }>).map((group) => group.groupId)).not.toContain(c.groupId);
            return expect(groups.find((group) => group.groupId === c.groupId)).toMatchObject({
              meetings: 1,
              members: 1,
              attendanceRate: 1,
            });
          }
          case 'GET /reports/dosing': {
            expect(sorted(Object.keys(res.body))).toEqual(sorted(DOSING_REPORT_FIELDS));
            const today = (report: Response) =>
              (report.body.days as Array<{ day: string; census: number; doses: number }>).find((day) => day.day === clinicDay(t));
            if (!own) {
              // Clinic B never gives a dose.
              return expect((res.body.days as Array<{ doses: number }>).filter((day) => day.doses !== 0)).toEqual([]);
            }
            return expect(today(res)).toMatchObject({ census: (today(before)?.census ?? 0) + 1, doses: (today(before)?.doses ?? 0) + 1 });
          }
          case 'GET /reports/peer-uptake': {
            expect(sorted(Object.keys(res.body))).toEqual(sorted(PEER_UPTAKE_FIELDS));
            if (!own) return;
            // A new client of clinic A in treatment, consented, in a group and present at its one meeting: one more at every step.
            const counts = (report: Response) => (report.body.funnel as Array<{ clients: number }>).map((step) => step.clients);
            return expect(counts(res)).toEqual(counts(before).map((clients) => clients + 1));
          }
          case 'GET /exports/research': {
            // Clinic A's new consenting client is counted in clinic A's export alone (clinic B's is the same bytes).
            const consenting = (zip: Response) =>
              /- Consenting clients: (\d+)/.exec(
                Buffer.from(unzipSync(new Uint8Array(zip.body as Buffer))['codebook.md']).toString('utf8'),
              )?.[1];
            if (own) return expect(Number(consenting(res))).toBe(Number(consenting(before)) + 1);
            return expect(consenting(res)).toBe('0');
          }
          case 'GET /exports/research/summary':
            expect(sorted(Object.keys(res.body))).toEqual(sorted(RESEARCH_SUMMARY_FIELDS));
            if (own) return expect(res.body.consentingClients).toBe(before.body.consentingClients + 1);
            return expect(res.body.consentingClients).toBe(0);
          default:
            throw new Error(`${route} is not a report`);
        }
      }

      async function check(route: Route, status: number, expected: Detail | undefined): Promise<void> {
        const startedAt = t.clock.now().getTime();
        const { res, clientId, items, subject, support } = await perform(route, expected);
        const finishedAt = t.clock.now().getTime();
        expectStatus(res, status);
        if (status === 403) expect(res.body.code).toBe('FORBIDDEN');
        if (status === 404) expect(res.body.code).toBe('NOT_FOUND');
        if (support) {
          await expectSupport(route as SupportRoute, status, expected, res, support);
          return;
        }
        if (expected === ROW_REFUSED && subject) {
          expect(res.body.code).toBe('VALIDATION_FAILED');
          expect(res.body.errors).toHaveLength(1);
          expect(res.body.errors[0].field).toBe('row 2');
          // The same answer as for a code that names no client at all.
          const unknownCode = await t.http
            .post(`${API}/imports/dosing-history`)
            .set(staff[key].auth)
            .set('Content-Type', 'text/csv')
            .send(`${HISTORY_HEADER}\nZZ99-999999,${subject.admittedOn},60,observed\n`);
          expectStatus(unknownCode, 400);
          expect(res.body.errors[0].message).toBe(String(unknownCode.body.errors[0].message).replace('ZZ99-999999', subject.code));
        }
        if (status !== 200 && status !== 201) {
          // A refused dosing write leaves nothing behind on the client.
          if (subject && route === 'POST /clients/:id/dose-orders') expect(await ordersOf(subject.id)).toEqual([]);
          if (subject && (route === 'POST /clients/:id/doses' || route === 'POST /imports/dosing-history')) {
            expect(await dosesOf(subject.id)).toEqual([]);
          }
          return;
        }

        if (route === 'POST /clients') expect(res.body.clinicId).toBe(staff[key].clinicId);

        if (items && clientId) {
          const idKey = route === 'GET /dosing/today' || route === 'GET /worklist' || route === 'GET /guest-dosing' ? 'clientId' : 'id';
          const item = items.find((candidate) => candidate[idKey] === clientId);
          if (expected === ABSENT) expect(item).toBeUndefined();
          else if (expected) {
            expect(item).toBeDefined();
            expect(sorted(Object.keys(item ?? {}))).toEqual(sorted(expected as Fields));
          }
          if (expected === DISPENSING_ITEM && subject) {
            expect(item).toMatchObject({ code: subject.code, flag: 'ok', consecutiveMissedDays: 0, activeOrder: { id: subject.orderId } });
          }
          return;
        }
        if (expected === SUBJECT_DOSING && subject) {
          await expectSubjectDosing(route, res, subject);
          return;
        }
        if (items && expected === NO_CLINIC_A_GRANTS) {
          expect(items.filter((grant) => clinicAClientIds.has(grant.clientId as string))).toEqual([]);
          return;
        }
        if (expected === EXPIRES_IN_60_MINUTES) {
          expect(Object.keys(res.body)).toEqual(['expiresAt']);
          const expiresAt = new Date(res.body.expiresAt as string).getTime();
          expect(expiresAt).toBeGreaterThanOrEqual(startedAt + 60 * MINUTE - 1);
          expect(expiresAt).toBeLessThanOrEqual(finishedAt + 60 * MINUTE + 1);
          return;
        }
        if (expected === ARRANGEMENT) {
          expect(res.body.clientId).toBe(clientId);
          expect(sorted(Object.keys(res.body))).toEqual(sorted(ARRANGEMENT));
          expect(res.body.status).toBe(route === 'POST /guest-dosing/:id/end' ? 'ended' : 'upcoming');
          return;
        }
        if (Array.isArray(expected)) {
          expect(res.body.id).toBe(clientId);
          expect(sorted(Object.keys(res.body))).toEqual(sorted(expected));
        }
      }

      const cells = rows.map(([route, status, expected]) => ({
        title: `${label} ${route} → ${status}${describeDetail(expected, route)}`,
        route,
        status,
        expected,
      }));
      it.each(cells)('$title', ({ route, status, expected }) => check(route, status, expected));

      const readStatus = rows.find(([route]) => route === 'GET /clients/:id')?.[1] ?? 404;
      const hiddenStatus = readStatus === 403 ? 403 : 404;
      it(`${label} GET /clients/:id → ${hiddenStatus} alike for a hidden client and a missing one`, async () => {
        // A client the caller may not see: its own subject when that is hidden, else one of the other clinic.
        const hiddenId = readStatus === 200 ? (staff[key].clinicId === clinicBId ? subjectId : clinicBClientId) : subjectId;
        const hidden = await api.get(staff[key], `/clients/${hiddenId}`);
        const missing = await api.get(staff[key], `/clients/${randomUUID()}`);
        expectStatus(hidden, hiddenStatus);
        expectStatus(missing, hiddenStatus);
        expect(hidden.body.code).toBe(hiddenStatus === 404 ? 'NOT_FOUND' : 'FORBIDDEN');
        expect(withoutRequestId(hidden.body)).toEqual(withoutRequestId(missing.body));
      });
    });
  }

  describe('access log', () => {
    it('coordinator GET /clients/:id/access-log → 200, every event on care_team, role, consent or emergency grounds', async () => {
      const id = await register();
      await addToTeam(id, staff.counselorOnTeam, 'counselor');
      await addToTeam(id, staff.peerWithConsent, 'peer_leader');
      await recordConsent(id, 'peer_support');
      await breakGlass(staff.counselorEmergency, id);
      for (const who of [staff.counselorOnTeam, staff.peerWithConsent, staff.counselorEmergency, staff.physician]) {
        expectStatus(await api.get(who, `/clients/${id}`), 200);
      }

      const res = await api.get(staff.coordinator, `/clients/${id}/access-log`).query({ limit: 200 });
      expectStatus(res, 200);
      const events = res.body.items as Array<{ actorId: string; action: string; grounds: string }>;
      for (const event of events) expect(['care_team', 'role', 'consent', 'emergency']).toContain(event.grounds);
      expect(new Set(events.map((event) => event.grounds))).toEqual(new Set(['care_team', 'role', 'consent', 'emergency']));
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'client.create', actorId: staff.coordinator.id, grounds: 'role' }),
          expect.objectContaining({ action: 'emergency_access.grant', actorId: staff.counselorEmergency.id, grounds: 'emergency' }),
          expect.objectContaining({ action: 'client.read', actorId: staff.counselorEmergency.id, grounds: 'emergency' }),
          expect.objectContaining({ action: 'client.read', actorId: staff.counselorOnTeam.id, grounds: 'care_team' }),
          expect.objectContaining({ action: 'client.read', actorId: staff.peerWithConsent.id, grounds: 'consent' }),
          expect.objectContaining({ action: 'client.read', actorId: staff.physician.id, grounds: 'role' }),
        ]),
      );
    });
  });
});
