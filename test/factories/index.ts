import { randomBytes } from 'node:crypto';
import { calendarDate, Role } from '@tongban/platform';
import { ADMIN_PASSWORD, ADMIN_USERNAME, TestApp } from '../support/test-app';
import { DAY } from '../support/test-clock';
import { keepGivenPassword } from '../support/first-sign-in';

export const STAFF_PASSWORD = 'correct horse battery staple';

/** A name no other test uses. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A clinic code no other test uses: two capitals and up to six more characters. */
export function uniqueClinicCode(): string {
  return `T${randomBytes(3).toString('hex').toUpperCase()}`;
}

export interface SignedIn {
  id: string;
  username: string;
  role: Role;
  clinicId: string | null;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

/**
 * Signs in through the API. An account whose password someone else set (every
 * account a test creates, the first admin) changes it at the first sign-in and
 * keeps the given one (see `keepGivenPassword`), so it works like any other.
 */
export function signIn(t: TestApp, username: string, password: string): Promise<SignedIn> {
  // One sign-in per account at a time: the first one's password change ends the account's other sessions.
  const pending = signInQueues.get(t) ?? new Map<string, Promise<unknown>>();
  signInQueues.set(t, pending);
  const key = username.trim().toLowerCase();
  const next = (pending.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => signInNow(t, username, password));
  pending.set(key, next);
  return next;
}

const signInQueues = new WeakMap<TestApp, Map<string, Promise<unknown>>>();

async function signInNow(t: TestApp, username: string, password: string): Promise<SignedIn> {
  const res = await t.http.post('/api/v1/auth/login').send({ username, password }).expect(200);
  const body = res.body as {
    accessToken: string;
    refreshToken: string;
    user: { id: string; username: string; role: Role; clinicId: string | null; mustChangePassword: boolean };
  };
  if (body.user.mustChangePassword) {
    await keepGivenPassword(password, async (currentPassword, newPassword) => {
      await t.http
        .post('/api/v1/auth/password')
        .set({ Authorization: `Bearer ${body.accessToken}` })
        .send({ currentPassword, newPassword })
        .expect(204);
    });
  }
  const { id, role, clinicId } = body.user;
  return {
    id,
    username: body.user.username,
    role,
    clinicId,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}

export function signInAdmin(t: TestApp): Promise<SignedIn> {
  return signIn(t, ADMIN_USERNAME, ADMIN_PASSWORD);
}

export interface ClinicRecord {
  id: string;
  code: string;
  name: string;
  timeZone: string;
}

export async function makeClinic(
  t: TestApp,
  admin: SignedIn,
  fields: Partial<{ code: string; name: string; timeZone: string }> = {},
): Promise<ClinicRecord> {
  const res = await t.http
    .post('/api/v1/clinics')
    .set(admin.auth)
    .send({ code: uniqueClinicCode(), name: unique('Clinic'), timeZone: 'Asia/Shanghai', ...fields })
    .expect(201);
  return res.body as ClinicRecord;
}

/** Creates a staff member through the API and signs them in. */
export async function makeStaff(t: TestApp, admin: SignedIn, role: Role, clinicId: string | null): Promise<SignedIn> {
  const username = unique(role.replace('_', '-'));
  await t.http
    .post('/api/v1/staff')
    .set(admin.auth)
    .send({ username, password: STAFF_PASSWORD, displayName: `Test ${role}`, role, clinicId })
    .expect(201);
  return signIn(t, username, STAFF_PASSWORD);
}

/** A calendar date (YYYY-MM-DD) `offsetDays` from the test clock's today in `timeZone`. */
export function clinicDay(t: TestApp, offsetDays = 0, timeZone = 'Asia/Shanghai'): string {
  return calendarDate(new Date(t.clock.now().getTime() + offsetDays * DAY), timeZone);
}

export interface ClientRecord {
  id: string;
  code: string;
  status: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  phone: string | null;
  nationalId: string | null;
}

/** Registers a client through the API as `caller` (a coordinator or counselor); intake a month ago unless given. */
export async function makeClient(t: TestApp, caller: SignedIn, fields: Record<string, unknown> = {}): Promise<ClientRecord> {
  const res = await t.http
    .post('/api/v1/clients')
    .set(caller.auth)
    .send({
      givenName: unique('Given'),
      familyName: unique('Family'),
      dateOfBirth: '1980-05-17',
      sex: 'male',
      intakeDate: clinicDay(t, -30),
      ...fields,
    })
    .expect(201);
  return res.body as ClientRecord;
}

/** Puts a staff member on a client's care team (as `coordinator`) in the role they hold. */
export async function addToCareTeam(t: TestApp, coordinator: SignedIn, clientId: string, member: SignedIn): Promise<void> {
  await t.http
    .post(`/api/v1/clients/${clientId}/care-team`)
    .set(coordinator.auth)
    .send({ staffId: member.id, role: member.role })
    .expect(201);
}

/** A clinic's staff: one of each clinic role, and a second counselor to keep off the care teams. */
export interface ClinicTeam {
  clinic: ClinicRecord;
  coordinator: SignedIn;
  counselor: SignedIn;
  offTeamCounselor: SignedIn;
  physician: SignedIn;
  nurse: SignedIn;
  peerLeader: SignedIn;
}

/** A new clinic with one staff member of each clinic role plus a second counselor off the care team (see {@link ClinicTeam}). */
export async function makeClinicTeam(t: TestApp, admin: SignedIn): Promise<ClinicTeam> {
  const clinic = await makeClinic(t, admin);
  const [coordinator, counselor, offTeamCounselor, physician, nurse, peerLeader] = await Promise.all([
    makeStaff(t, admin, Role.Coordinator, clinic.id),
    makeStaff(t, admin, Role.Counselor, clinic.id),
    makeStaff(t, admin, Role.Counselor, clinic.id),
    makeStaff(t, admin, Role.Physician, clinic.id),
    makeStaff(t, admin, Role.Nurse, clinic.id),
    makeStaff(t, admin, Role.PeerLeader, clinic.id),
  ]);
  return { clinic, coordinator, counselor, offTeamCounselor, physician, nurse, peerLeader };
}

/**
 * A client of the team's clinic registered by its counselor (who joins the
 * care team), with its physician and peer leader put on the care team too;
 * `fields` as for {@link makeClient}.
 */
export async function makeCareTeamClient(t: TestApp, team: ClinicTeam, fields: Record<string, unknown> = {}): Promise<ClientRecord> {
  const client = await makeClient(t, team.counselor, fields);
  await addToCareTeam(t, team.coordinator, client.id, team.physician);
  await addToCareTeam(t, team.coordinator, client.id, team.peerLeader);
  return client;
}

/** Records a consent (as a coordinator or the client's counselor) and returns it. */
export async function recordConsent(
  t: TestApp,
  caller: SignedIn,
  clientId: string,
  fields: { scope: string; validFrom?: string; validUntil?: string; note?: string },
): Promise<{ id: string; scope: string; status: string; validFrom: string; validUntil: string | null; recordedBy: string }> {
  const res = await t.http.post(`/api/v1/clients/${clientId}/consents`).set(caller.auth).send(fields).expect(201);
  return res.body;
}

/** Revokes a consent (as a coordinator or the client's counselor) and returns it. */
export async function revokeConsent(
  t: TestApp,
  caller: SignedIn,
  clientId: string,
  consentId: string,
  reason?: string,
): Promise<{ id: string; scope: string; status: string }> {
  const res = await t.http
    .post(`/api/v1/clients/${clientId}/consents/${consentId}/revoke`)
    .set(caller.auth)
    .send(reason === undefined ? {} : { reason })
    .expect(200);
  return res.body;
}

/** The UTC offset of `timeZone` at `instant`, in minutes (east of UTC positive). */
function offsetMinutes(instant: number, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(instant))
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name ?? '');
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** The instant at which the wall clock in `timeZone` shows `local` (YYYY-MM-DDTHH:MM), e.g. Shanghai 23:30 = 15:30Z. */
export function localInstant(local: string, timeZone: string): Date {
  const asUtc = Date.parse(`${local}:00Z`);
  const guess = asUtc - offsetMinutes(asUtc, timeZone) * 60_000;
  return new Date(asUtc - offsetMinutes(guess, timeZone) * 60_000);
}

/**
 * Moves the test clock forward to `time` (HH:MM, default noon) in `timeZone`
 * on the clinic day `daysAhead` (at least 1) after the clock's today, so a test
 * that advances whole days never crosses a clinic midnight by accident.
 */
export function pinClock(t: TestApp, time = '12:00', timeZone = 'Asia/Shanghai', daysAhead = 1): Date {
  const instant = localInstant(`${clinicDay(t, daysAhead, timeZone)}T${time}`, timeZone);
  t.clock.set(instant);
  return instant;
}

export interface DoseOrderRecord {
  id: string;
  doseMg: number;
  effectiveDate: string;
  splitDose: boolean;
  takeHomeDaysPerWeek: number;
  note: string | null;
  orderedBy: string;
  createdAt: string;
}

/** Writes a dose order (as a physician): 60 mg from the clinic's today unless given. */
export async function makeDoseOrder(
  t: TestApp,
  physician: SignedIn,
  clientId: string,
  fields: Partial<{ doseMg: number; effectiveDate: string; splitDose: boolean; takeHomeDaysPerWeek: number; note: string }> = {},
  timeZone = 'Asia/Shanghai',
): Promise<DoseOrderRecord> {
  const res = await t.http
    .post(`/api/v1/clients/${clientId}/dose-orders`)
    .set(physician.auth)
    .send({ doseMg: 60, effectiveDate: clinicDay(t, 0, timeZone), ...fields })
    .expect(201);
  return res.body as DoseOrderRecord;
}

/** Breaks the glass on a client (as a physician, nurse or counselor of the clinic): full access for 60 minutes. */
export async function grantEmergencyAccess(t: TestApp, staff: SignedIn, clientId: string): Promise<{ expiresAt: string }> {
  const res = await t.http
    .post(`/api/v1/clients/${clientId}/emergency-access`)
    .set(staff.auth)
    .send({ reason: 'Client unwell at the window; need the full record now' })
    .expect(201);
  return res.body as { expiresAt: string };
}

export interface CounselingSessionRecord {
  id: string;
  clientId: string;
  date: string;
  type: string;
  minutes: number;
  topics?: string[];
  notes?: string | null;
  nextAppointmentAt: string | null;
  counselorId: string;
  createdAt: string;
}

/**
 * Logs a counseling session (as the client's counselor): an individual session of 45 minutes today unless given.
 * Returns the session as lists show it: without the answer's `appointmentReminder`, which only the creation answers.
 */
export async function makeCounselingSession(
  t: TestApp,
  counselor: SignedIn,
  clientId: string,
  fields: Record<string, unknown> = {},
): Promise<CounselingSessionRecord> {
  const res = await t.http
    .post(`/api/v1/clients/${clientId}/counseling-sessions`)
    .set(counselor.auth)
    .send({ date: clinicDay(t), type: 'individual', minutes: 45, ...fields })
    .expect(201);
  const { appointmentReminder: _reminder, ...session } = res.body as CounselingSessionRecord & { appointmentReminder: unknown };
  return session;
}

export interface FamilyContactRecord {
  id: string;
  clientId: string;
  name: string;
  relationship: string;
  phone: string | null;
  mayContact: boolean;
  livesWithClient: boolean | null;
  notes: string | null;
  contactable: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Records a family contact (as the client's counselor) whom the client allows the clinic to contact, unless given. */
export async function makeFamilyContact(
  t: TestApp,
  counselor: SignedIn,
  clientId: string,
  fields: Record<string, unknown> = {},
): Promise<FamilyContactRecord> {
  const res = await t.http
    .post(`/api/v1/clients/${clientId}/family-contacts`)
    .set(counselor.auth)
    .send({ name: unique('Relative'), relationship: 'sister', mayContact: true, ...fields })
    .expect(201);
  return res.body as FamilyContactRecord;
}

export interface PeerGroupRecord {
  id: string;
  name: string;
  leaderIds: string[];
  meetingDay: string | null;
  meetingTime: string | null;
  location: string | null;
  createdAt: string;
}

/** Creates a peer group (as a coordinator) led by `leaders`. */
export async function makePeerGroup(
  t: TestApp,
  coordinator: SignedIn,
  leaders: SignedIn[],
  fields: Partial<{ name: string; meetingDay: string; meetingTime: string; location: string }> = {},
): Promise<PeerGroupRecord> {
  const res = await t.http
    .post('/api/v1/peer-groups')
    .set(coordinator.auth)
    .send({ name: unique('Group'), leaderIds: leaders.map((leader) => leader.id), ...fields })
    .expect(201);
  return res.body as PeerGroupRecord;
}

/** Adds a client (with a peer_support consent) to a group as a coordinator or the client's counselor. */
export async function joinPeerGroup(t: TestApp, caller: SignedIn, groupId: string, clientId: string): Promise<void> {
  await t.http.post(`/api/v1/peer-groups/${groupId}/members`).set(caller.auth).send({ clientId }).expect(201);
}

export interface PeerMeetingRecord {
  id: string;
  groupId: string;
  date: string;
  startsAt: string | null;
  topic: string | null;
  createdAt: string;
}

/** Schedules a meeting (as the group's leader or a coordinator), today unless given. */
export async function makePeerMeeting(
  t: TestApp,
  caller: SignedIn,
  groupId: string,
  fields: Partial<{ date: string; startsAt: string; topic: string }> = {},
): Promise<PeerMeetingRecord> {
  const res = await t.http
    .post(`/api/v1/peer-groups/${groupId}/meetings`)
    .set(caller.auth)
    .send({ date: clinicDay(t), ...fields })
    .expect(201);
  return res.body as PeerMeetingRecord;
}

/** Imports dosing history (as a coordinator): one row per `[clientCode, clinicDay, kind]`, 60 mg, observed unless given. */
export async function importDosingHistory(
  t: TestApp,
  coordinator: SignedIn,
  rows: Array<[code: string, day: string, kind?: 'observed' | 'take_home']>,
): Promise<void> {
  const csv = ['client_code,clinic_day,dose_mg,kind', ...rows.map(([code, day, kind]) => `${code},${day},60,${kind ?? 'observed'}`)];
  await t.http
    .post('/api/v1/imports/dosing-history')
    .set(coordinator.auth)
    .set('Content-Type', 'text/csv')
    .send(csv.join('\n'))
    .expect(200);
}

/** Ends a client's open episode (as a coordinator, counselor or physician). */
export async function dischargeClient(
  t: TestApp,
  caller: SignedIn,
  clientId: string,
  date: string,
  reason: 'completed' | 'transferred' | 'deceased' | 'other',
): Promise<void> {
  await t.http.post(`/api/v1/clients/${clientId}/discharge`).set(caller.auth).send({ date, reason }).expect(200);
}

/**
 * Discharges a client as it happened on `date`: the clock stands on `date`
 * (noon, clinic time) while an observed dose on every day from `from` to
 * `date` comes in through the history import (as a coordinator) and the
 * client is discharged, then goes back. A client left without a dose for the
 * clinic's dropoutDays reads as dropped out (api.md "Dosing"), so a discharge
 * long after the intake needs the days in between covered; and an import
 * settles the drop-outs due on its day, so it too happens on `date`.
 */
export async function dischargeAfterDosing(
  t: TestApp,
  coordinator: SignedIn,
  client: { id: string; code: string },
  { from, date, reason }: { from: string; date: string; reason: 'completed' | 'transferred' | 'deceased' | 'other' },
  timeZone = 'Asia/Shanghai',
): Promise<void> {
  const rows: Array<[string, string]> = [];
  for (let day = from; day <= date; day = new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10)) {
    rows.push([client.code, day]);
  }
  const now = t.clock.now();
  t.clock.set(localInstant(`${date}T12:00`, timeZone));
  try {
    await importDosingHistory(t, coordinator, rows);
    await dischargeClient(t, coordinator, client.id, date, reason);
  } finally {
    t.clock.set(now);
  }
}

/** Starts a new episode for a client out of treatment. */
export async function readmitClient(t: TestApp, caller: SignedIn, clientId: string, date: string): Promise<void> {
  await t.http.post(`/api/v1/clients/${clientId}/readmit`).set(caller.auth).send({ date }).expect(201);
}

/** Replaces a meeting's attendance (as the group's leader or a coordinator). */
export async function recordAttendance(
  t: TestApp,
  caller: SignedIn,
  groupId: string,
  meetingId: string,
  records: Array<{ clientId: string; status: 'present' | 'absent' | 'excused' }>,
): Promise<void> {
  await t.http.put(`/api/v1/peer-groups/${groupId}/meetings/${meetingId}/attendance`).set(caller.auth).send({ records }).expect(200);
}

/** Logs a family interaction (as the client's counselor): a phone call unless given. */
export async function recordFamilyInteraction(
  t: TestApp,
  counselor: SignedIn,
  clientId: string,
  contactId: string,
  fields: { date: string; channel?: string },
): Promise<void> {
  await t.http
    .post(`/api/v1/clients/${clientId}/family-contacts/${contactId}/interactions`)
    .set(counselor.auth)
    .send({ channel: 'phone', ...fields })
    .expect(201);
}

export interface ReminderRecord {
  id: string;
  kind: string;
  channel: string;
  recipient: string;
  clientId: string | null;
  scheduledFor: string;
  status: string;
  attempts: number;
  lastErrorCode: string | null;
  sentAt: string | null;
}

/** Schedules an appointment reminder by hand (as a coordinator or the client's counselor): SMS, now, unless given. */
export async function makeReminder(
  t: TestApp,
  caller: SignedIn,
  clientId: string,
  fields: Record<string, unknown> = {},
): Promise<ReminderRecord> {
  const res = await t.http
    .post('/api/v1/reminders')
    .set(caller.auth)
    .send({ clientId, kind: 'appointment', channel: 'sms', sendAt: t.clock.now().toISOString(), ...fields })
    .expect(201);
  return res.body as ReminderRecord;
}

/** The clinic's reminders as its coordinator lists them (`query`: status, clientId, limit, cursor). */
export async function listReminders(t: TestApp, coordinator: SignedIn, query: Record<string, string> = {}): Promise<ReminderRecord[]> {
  const res = await t.http.get('/api/v1/reminders').query(query).set(coordinator.auth).expect(200);
  return (res.body as { items: ReminderRecord[] }).items;
}

/** One page of a list route. */
export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** Every page of a list route, `limit` items at a time, each asked for with the cursor of the one before. */
export async function readPages<T = { id: string }>(
  t: TestApp,
  caller: SignedIn,
  path: string,
  limit: number,
  query: Record<string, string> = {},
): Promise<Array<ListPage<T>>> {
  const pages: Array<ListPage<T>> = [];
  let cursor: string | null = null;
  do {
    const res = await t.http
      .get(path)
      .query({ ...query, limit, ...(cursor === null ? {} : { cursor }) })
      .set(caller.auth)
      .expect(200);
    const page = res.body as ListPage<T>;
    pages.push(page);
    cursor = page.nextCursor;
    if (pages.length > 1000) throw new Error(`${path} never ends`);
  } while (cursor !== null);
  return pages;
}

/**
 * Sets `column` of the rows `ids` of `table` to instants 0.1 ms apart, all
 * within one millisecond, later in the order given: PostgreSQL keeps them
 * apart and a JavaScript Date does not, so paging through them one at a time
 * shows whether a list's cursor keeps the microseconds.
 */
export async function setWithinOneMillisecond(t: TestApp, table: string, column: string, ids: string[]): Promise<void> {
  await t.dataSource.query(
    `UPDATE ${table} SET ${column} = '2026-03-01T08:00:00.123000Z'::timestamptz + make_interval(secs => n * 0.0001)
       FROM unnest($1::uuid[]) WITH ORDINALITY AS r(id, n) WHERE ${table}.id = r.id`,
    [ids],
  );
}

/** A cursor a list gave out with its instant cut to milliseconds, as one made from a JavaScript Date would be. */
export function cutToMilliseconds(cursor: string): string {
  const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
  return Buffer.from(JSON.stringify([key.replace(/(\.\d{3})\d{3}Z$/, '$1Z'), id]), 'utf8').toString('base64url');
}

/**
 * Cursors no list gave out: not base64 JSON, the wrong shape, and a
 * well-formed one whose sort value `key` is no value of the list's order
 * (an impossible date or instant).
 */
export function forgedCursors(key: string): string[] {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  return ['bogus', encode(['2026-01-01']), encode([key, '00000000-0000-4000-8000-000000000000'])];
}

/** Asks `read` again (every 200 ms) until `done` holds or the time is up, and returns the last value read. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Makes the clinic draw no random drug tests (`drugTestsPerMonth` 0), for a suite whose answers must not hang on
 * whether today was drawn for one of its clients (`drugTestDue`, worklist items); the drug tests' own suites keep them.
 */
export async function drawNoDrugTests(t: TestApp, caller: SignedIn, clinicId: string): Promise<void> {
  await t.http.patch(`/api/v1/clinics/${clinicId}/settings`).set(caller.auth).send({ drugTestsPerMonth: 0 }).expect(200);
}
