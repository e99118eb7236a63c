import { randomUUID } from 'node:crypto';
import { KeyRotation, Role } from '@tongban/platform';
import {
  addToCareTeam,
  ClientRecord,
  ClinicRecord,
  clinicDay,
  ClinicTeam,
  cutToMilliseconds,
  grantEmergencyAccess,
  localInstant,
  makeCareTeamClient,
  makeClient,
  makeClinic,
  makeClinicTeam,
  makeCounselingSession,
  makeStaff,
  pinClock,
  readPages,
  recordConsent,
  setWithinOneMillisecond,
  signInAdmin,
  SignedIn,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { DAY, MINUTE } from './support/test-clock';

const SUMMARY_KEYS = ['clientId', 'counselorId', 'createdAt', 'date', 'id', 'minutes', 'nextAppointmentAt', 'type'];
const FULL_KEYS = [...SUMMARY_KEYS, 'notes', 'topics'].sort();

/**
 * Counseling sessions (api.md "Counseling, family and peer groups"): only
 * the client's counselor (or emergency access) logs them and reads their
 * topics and notes; a coordinator sees the metadata only; other roles never.
 */
describe('counseling sessions', () => {
  let t: TestApp;
  let admin: SignedIn;
  let team: ClinicTeam;
  let clinic: ClinicRecord;
  let coordinator: SignedIn;
  let counselor: SignedIn;
  let offTeamCounselor: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;
  let peerLeader: SignedIn;
  let otherCoordinator: SignedIn;
  let otherCounselor: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    admin = await signInAdmin(t);
    team = await makeClinicTeam(t, admin);
    ({ clinic, coordinator, counselor, offTeamCounselor, physician, nurse, peerLeader } = team);
    const otherClinic = await makeClinic(t, admin);
    otherCoordinator = await makeStaff(t, admin, Role.Coordinator, otherClinic.id);
    otherCounselor = await makeStaff(t, admin, Role.Counselor, otherClinic.id);
  });
  afterAll(() => t.close());

  /** A client of the clinic with `counselor` on its care team, and the physician and peer leader too. */
  function newClient(): Promise<ClientRecord> {
    return makeCareTeamClient(t, team);
  }

  function post(who: SignedIn, clientId: string, body: Record<string, unknown>) {
    return t.http.post(`/api/v1/clients/${clientId}/counseling-sessions`).set(who.auth).send(body);
  }

  function list(who: SignedIn, clientId: string, query: Record<string, string | number> = {}) {
    return t.http.get(`/api/v1/clients/${clientId}/counseling-sessions`).query(query).set(who.auth);
  }

  async function rowCount(clientId: string): Promise<number> {
    const rows = await t.dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM counseling_session WHERE client_id = $1', [
      clientId,
    ]);
    return rows[0].n;
  }

  function fieldsOf(body: { errors?: Array<{ field: string }> }): string[] {
    return [...new Set((body.errors ?? []).map((error) => error.field))].sort();
  }

  /** An instant `minutes` from the test clock's now, written with the Shanghai offset. */
  function instantIn(minutes: number): string {
    const at = new Date(t.clock.now().getTime() + minutes * MINUTE);
    const local = new Date(at.getTime() + 8 * 60 * MINUTE).toISOString().slice(0, 19);
    return `${local}+08:00`;
  }

  describe('POST /clients/:id/counseling-sessions', () => {
    it('logs a session for the care-team counselor and answers 201 with all of it', async () => {
      const client = await newClient();
      const next = instantIn(7 * 24 * 60);
      const res = await post(counselor, client.id, {
        date: clinicDay(t, -1),
        type: 'family',
        minutes: 50,
        topics: ['  relapse prevention ', 'work'],
        notes: 'Talked about the night shift and cravings.',
        nextAppointmentAt: next,
      }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        clientId: client.id,
        date: clinicDay(t, -1),
        type: 'family',
        minutes: 50,
        topics: ['relapse prevention', 'work'],
        notes: 'Talked about the night shift and cravings.',
        nextAppointmentAt: new Date(next).toISOString(),
        counselorId: counselor.id,
        createdAt: expect.any(String),
        appointmentReminder: { status: 'not_scheduled', reason: 'NO_CONSENT' },
      });
      expect(Math.abs(new Date(res.body.createdAt).getTime() - t.clock.now().getTime())).toBeLessThan(10_000);
      expect(await rowCount(client.id)).toBe(1);
    });

    it('answers an empty topic list and null notes and appointment when none are given', async () => {
      const client = await newClient();
      const session = await makeCounselingSession(t, counselor, client.id, { type: 'group', minutes: 90 });
      expect(session).toMatchObject({ type: 'group', minutes: 90, topics: [], notes: null, nextAppointmentAt: null });
    });

    it.each([
      ['no date', { date: undefined }, 'date'],
      ['a date not written YYYY-MM-DD', { date: '03/01/2026' }, 'date'],
      ['a date that does not exist', { date: '2026-02-30' }, 'date'],
      ['no type', { type: undefined }, 'type'],
      ['an unknown type', { type: 'couple' }, 'type'],
      ['no minutes', { minutes: undefined }, 'minutes'],
      ['zero minutes', { minutes: 0 }, 'minutes'],
      ['more than 600 minutes', { minutes: 601 }, 'minutes'],
      ['a fraction of a minute', { minutes: 30.5 }, 'minutes'],
      ['minutes as a string', { minutes: '45' }, 'minutes'],
      ['topics that are not a list', { topics: 'work' }, 'topics'],
      ['more than 20 topics', { topics: Array.from({ length: 21 }, (_, i) => `topic ${i}`) }, 'topics'],
      ['an empty topic', { topics: ['work', ''] }, 'topics'],
      ['a blank topic', { topics: ['   '] }, 'topics'],
      ['a topic longer than 100 characters', { topics: ['x'.repeat(101)] }, 'topics'],
      ['a topic that is not a string', { topics: [42] }, 'topics'],
      ['notes longer than 10000 characters', { notes: 'x'.repeat(10_001) }, 'notes'],
      ['notes that are not a string', { notes: { text: 'x' } }, 'notes'],
      ['a next appointment without an offset', { nextAppointmentAt: '2099-01-05T10:00:00' }, 'nextAppointmentAt'],
      ['a next appointment that is only a date', { nextAppointmentAt: '2099-01-05' }, 'nextAppointmentAt'],
      ['a next appointment that does not exist', { nextAppointmentAt: '2099-02-30T10:00:00+08:00' }, 'nextAppointmentAt'],
      ['an unknown field', { counselorId: randomUUID() }, 'counselorId'],
    ])('refuses a session with %s with 400 naming the field and logs nothing', async (_what, fields, field) => {
      const client = await newClient();
      const res = await post(counselor, client.id, { date: clinicDay(t), type: 'individual', minutes: 45, ...fields }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual([field]);
      expect(await rowCount(client.id)).toBe(0);
    });

    it('refuses a date after today in the clinic time zone with 400 naming date', async () => {
      const client = await newClient();
      const res = await post(counselor, client.id, { date: clinicDay(t, 1), type: 'individual', minutes: 45 }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual(['date']);
      expect(await rowCount(client.id)).toBe(0);
    });

    it('takes today from the clinic time zone, not from UTC', async () => {
      // 00:30 in Shanghai is 16:30 UTC of the day before: the clinic's today is already the next UTC day.
      pinClock(t, '00:30');
      const client = await newClient();
      const shanghaiToday = clinicDay(t, 0, 'Asia/Shanghai');
      expect(clinicDay(t, 0, 'UTC')).not.toBe(shanghaiToday);
      await post(counselor, client.id, { date: shanghaiToday, type: 'individual', minutes: 30 }).expect(201);
      await post(counselor, client.id, { date: clinicDay(t, 1, 'Asia/Shanghai'), type: 'individual', minutes: 30 }).expect(400);
      pinClock(t);
    });

    it('refuses a next appointment that is not after now with 400 naming nextAppointmentAt', async () => {
      const client = await newClient();
      for (const nextAppointmentAt of [instantIn(-5), new Date(t.clock.now().getTime() - DAY).toISOString()]) {
        const res = await post(counselor, client.id, { date: clinicDay(t), type: 'individual', minutes: 45, nextAppointmentAt }).expect(
          400,
        );
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(fieldsOf(res.body)).toEqual(['nextAppointmentAt']);
      }
      expect(await rowCount(client.id)).toBe(0);
    });

    it('answers 404 for a client that does not exist and 400 for an id that is not a UUID', async () => {
      const missing = await post(counselor, randomUUID(), { date: clinicDay(t), type: 'individual', minutes: 45 }).expect(404);
      expect(missing.body.code).toBe('NOT_FOUND');
      const malformed = await post(counselor, 'not-a-uuid', { date: clinicDay(t), type: 'individual', minutes: 45 }).expect(400);
      expect(malformed.body.code).toBe('VALIDATION_FAILED');
    });

    it('answers 404 to a counselor who is not on the client’s care team and logs nothing', async () => {
      const client = await newClient();
      const res = await post(offTeamCounselor, client.id, { date: clinicDay(t), type: 'individual', minutes: 45 }).expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
      expect(await rowCount(client.id)).toBe(0);
    });

    it('answers 404 to a counselor of another clinic', async () => {
      const client = await newClient();
      await post(otherCounselor, client.id, { date: clinicDay(t), type: 'individual', minutes: 45 }).expect(404);
      expect(await rowCount(client.id)).toBe(0);
    });

    it.each([
      ['a coordinator', () => coordinator],
      ['a physician on the care team', () => physician],
      ['a nurse', () => nurse],
      ['a peer leader on the care team', () => peerLeader],
    ])('refuses a session from %s with 403', async (_who, who) => {
      const client = await newClient();
      const res = await post(who(), client.id, { date: clinicDay(t), type: 'individual', minutes: 45, notes: 'x' }).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(await rowCount(client.id)).toBe(0);
    });

    it('lets a counselor off the care team log a session under emergency access', async () => {
      const client = await newClient();
      await grantEmergencyAccess(t, offTeamCounselor, client.id);
      const res = await post(offTeamCounselor, client.id, { date: clinicDay(t), type: 'individual', minutes: 20, notes: 'crisis' }).expect(
        201,
      );
      expect(res.body).toMatchObject({ counselorId: offTeamCounselor.id, notes: 'crisis' });
    });

    it('answers a retry with the same Idempotency-Key and body with the first answer and logs one session', async () => {
      const client = await newClient();
      const body = { date: clinicDay(t), type: 'individual', minutes: 45, topics: ['family'], notes: 'first visit' };
      const first = await post(counselor, client.id, body).set('Idempotency-Key', 'session-1').expect(201);
      const retry = await post(counselor, client.id, body).set('Idempotency-Key', 'session-1').expect(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await rowCount(client.id)).toBe(1);
    });

    it('refuses the same Idempotency-Key with a different body with 422 and logs nothing more', async () => {
      const client = await newClient();
      await post(counselor, client.id, { date: clinicDay(t), type: 'individual', minutes: 45 })
        .set('Idempotency-Key', 'session-2')
        .expect(201);
      const res = await post(counselor, client.id, { date: clinicDay(t), type: 'individual', minutes: 60 })
        .set('Idempotency-Key', 'session-2')
        .expect(422);
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await rowCount(client.id)).toBe(1);
    });

    it('stores topics and notes sealed: the table holds none of their text', async () => {
      const client = await newClient();
      const notes = `Spoke about ${randomUUID()} at length`;
      const topic = `topic-${randomUUID()}`;
      const session = await makeCounselingSession(t, counselor, client.id, { topics: [topic], notes });
      const rows = await t.dataSource.query<Array<Record<string, unknown>>>('SELECT * FROM counseling_session WHERE id = $1', [session.id]);
      const raw = JSON.stringify(rows[0]);
      expect(raw).not.toContain(notes);
      expect(raw).not.toContain(topic);
      expect(rows[0].notes).toEqual(expect.stringMatching(/^v\d+\./));
      expect(rows[0].topics).toEqual(expect.stringMatching(/^v\d+\./));
    });
  });

  it('declares topics and notes to key rotation, so npm run keys:rotate re-seals them', () => {
    expect(t.app.get(KeyRotation).registered()).toEqual(
      expect.arrayContaining([expect.objectContaining({ table: 'counseling_session', columns: ['topics', 'notes'] })]),
    );
  });

  describe('the appointment reminder in the answer', () => {
    const TZ = 'Asia/Shanghai';

    /** A client of `counselor` with these consents; a phone number and e-mail address only when given. */
    async function reminderClient(consents: string[], fields: Record<string, unknown> = {}): Promise<ClientRecord> {
      const client = await makeClient(t, counselor, fields);
      for (const scope of consents) await recordConsent(t, counselor, client.id, { scope });
      return client;
    }

    function phone(): string {
      return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    }

    function session(clientId: string, nextAppointmentAt?: Date) {
      return post(counselor, clientId, {
        date: clinicDay(t),
        type: 'individual',
        minutes: 45,
        ...(nextAppointmentAt ? { nextAppointmentAt: nextAppointmentAt.toISOString() } : {}),
      });
    }

    async function storedReminders(
      clientId: string,
    ): Promise<Array<{ status: string; channel: string; scheduledFor: string; dueAt: string }>> {
      return t.dataSource.query(
        `SELECT status, channel, scheduled_for AS "scheduledFor", due_at AS "dueAt" FROM reminder WHERE client_id = $1 AND kind = 'appointment'`,
        [clientId],
      );
    }

    it('says the reminder is scheduled, on which channel and when: a day before the appointment', async () => {
      const client = await reminderClient(['sms_reminders'], { phone: phone() });
      const appointmentAt = localInstant(`${clinicDay(t, 3, TZ)}T10:00`, TZ);
      const res = await session(client.id, appointmentAt).expect(201);
      const scheduledFor = new Date(appointmentAt.getTime() - DAY).toISOString();
      expect(res.body.appointmentReminder).toEqual({ status: 'scheduled', channel: 'sms', scheduledFor, heldUntil: null });
      const listed = await t.http.get('/api/v1/reminders').query({ clientId: client.id }).set(coordinator.auth).expect(200);
      expect(listed.body.items).toEqual([
        expect.objectContaining({ kind: 'appointment', channel: 'sms', status: 'scheduled', scheduledFor }),
      ]);
    });

    it('says the reminder is held until the quiet hours end when its time falls in them, and stores it held', async () => {
      const client = await reminderClient(['email_reminders'], { email: `${randomUUID()}@example.org` });
      // A day before 22:30 is in the quiet hours (21:00–08:00): it goes out at 08:00 on the appointment's day.
      const appointmentAt = localInstant(`${clinicDay(t, 3, TZ)}T22:30`, TZ);
      const res = await session(client.id, appointmentAt).expect(201);
      const heldUntil = localInstant(`${clinicDay(t, 3, TZ)}T08:00`, TZ).toISOString();
      expect(res.body.appointmentReminder).toEqual({
        status: 'held',
        channel: 'email',
        scheduledFor: new Date(appointmentAt.getTime() - DAY).toISOString(),
        heldUntil,
      });
      const [stored] = await storedReminders(client.id);
      expect(stored.status).toBe('held');
      expect(new Date(stored.dueAt).toISOString()).toBe(heldUntil);
    });

    it.each([
      ['no reminder consent', [], { phone: '13900000000' }, 'NO_CONSENT'],
      ['an SMS consent but no phone number', ['sms_reminders'], {}, 'NO_CONTACT'],
      ['an e-mail consent but no address', ['email_reminders'], { phone: '13900000001' }, 'NO_CONTACT'],
    ])('says no reminder was scheduled for a client with %s, and why', async (_label, consents, fields, reason) => {
      const client = await reminderClient(consents, fields);
      const res = await session(client.id, localInstant(`${clinicDay(t, 2, TZ)}T15:00`, TZ)).expect(201);
      expect(res.body.appointmentReminder).toEqual({ status: 'not_scheduled', reason });
      expect(await storedReminders(client.id)).toEqual([]);
    });

    it('answers null without a next appointment, and the same answer to a retry with the same Idempotency-Key', async () => {
      const client = await reminderClient(['sms_reminders'], { phone: phone() });
      const without = await session(client.id).expect(201);
      expect(without.body.appointmentReminder).toBeNull();
      const key = randomUUID();
      const body = {
        date: clinicDay(t),
        type: 'individual',
        minutes: 30,
        nextAppointmentAt: localInstant(`${clinicDay(t, 4, TZ)}T09:00`, TZ),
      };
      const first = await post(counselor, client.id, body).set('Idempotency-Key', key).expect(201);
      const again = await post(counselor, client.id, body).set('Idempotency-Key', key).expect(201);
      expect(first.body.appointmentReminder).toMatchObject({ status: 'scheduled', channel: 'sms' });
      expect(again.body).toEqual(first.body);
      expect(await storedReminders(client.id)).toHaveLength(1);
    });
  });

  describe('GET /clients/:id/counseling-sessions', () => {
    it('lists the sessions newest first, with topics and notes, to the care-team counselor', async () => {
      const client = await newClient();
      const older = await makeCounselingSession(t, counselor, client.id, { date: clinicDay(t, -3), notes: 'older' });
      const newer = await makeCounselingSession(t, counselor, client.id, { date: clinicDay(t, -1), topics: ['housing'], notes: 'newer' });
      const sameDayLater = await makeCounselingSession(t, counselor, client.id, { date: clinicDay(t, -1), type: 'group' });
      const res = await list(counselor, client.id).expect(200);
      expect(res.body).toEqual({ items: [sameDayLater, newer, older], nextCursor: null });
      for (const item of res.body.items) expect(Object.keys(item).sort()).toEqual(FULL_KEYS);
    });

    it('gives a coordinator the sessions without the notes and topics keys', async () => {
      const client = await newClient();
      const session = await makeCounselingSession(t, counselor, client.id, { topics: ['secret-topic'], notes: 'secret-notes' });
      const res = await list(coordinator, client.id).expect(200);
      expect(res.body.items).toHaveLength(1);
      expect(Object.keys(res.body.items[0]).sort()).toEqual(SUMMARY_KEYS);
      const { topics: _topics, notes: _notes, ...metadata } = session;
      expect(res.body.items[0]).toEqual(metadata);
    });

    it('never sends a coordinator notes or topics, on any page, whatever the sessions hold', async () => {
      const client = await newClient();
      const secret = `secret-${randomUUID()}`;
      for (let i = 0; i < 3; i += 1) {
        await makeCounselingSession(t, counselor, client.id, {
          date: clinicDay(t, -i),
          topics: [`${secret}-topic`],
          notes: `${secret}-notes`,
        });
      }
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await list(coordinator, client.id, cursor ? { limit: 2, cursor } : { limit: 2 }).expect(200);
        expect(res.text).not.toMatch(/"notes"|"topics"/);
        expect(res.text).not.toContain(secret);
        cursor = res.body.nextCursor as string | null;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(2);
      const create = await post(coordinator, client.id, { date: clinicDay(t), type: 'individual', minutes: 45 }).expect(403);
      expect(create.text).not.toMatch(/"notes"|"topics"/);
    });

    it('pages with limit and cursor without losing or repeating a session', async () => {
      const client = await newClient();
      const made = [];
      for (let i = 0; i < 5; i += 1) made.push(await makeCounselingSession(t, counselor, client.id, { date: clinicDay(t, -(i % 2)) }));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await list(counselor, client.id, cursor ? { limit: 2, cursor } : { limit: 2 }).expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((item: { id: string }) => item.id));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      expect([...seen].sort()).toEqual(made.map((session) => session.id).sort());
      expect(new Set(seen).size).toBe(5);
    });

    it('pages sessions recorded within one millisecond without losing or repeating one, and refuses a cursor cut to milliseconds', async () => {
      const client = await newClient();
      const made = [];
      for (let i = 0; i < 3; i += 1) made.push((await makeCounselingSession(t, counselor, client.id)).id);
      // PostgreSQL keeps microseconds: three sessions of one day recorded within one millisecond still have an order, and no page may lose one.
      await setWithinOneMillisecond(t, 'counseling_session', 'created_at', made);
      const pages = await readPages(t, counselor, `/api/v1/clients/${client.id}/counseling-sessions`, 1);
      expect(pages.map((page) => page.items.map((session) => session.id))).toEqual([[made[2]], [made[1]], [made[0]]]);
      expect(pages.map((page) => page.nextCursor === null)).toEqual([false, false, true]);
      const res = await list(counselor, client.id, { limit: 1, cursor: cutToMilliseconds(pages[0].nextCursor!) }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('refuses a cursor it did not give out, and a limit out of range, with 400', async () => {
      const client = await newClient();
      expect((await list(counselor, client.id, { cursor: 'bogus' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      await list(counselor, client.id, { limit: 0 }).expect(400);
      await list(counselor, client.id, { limit: 201 }).expect(400);
      await list(counselor, client.id, { sort: 'date' }).expect(400);
    });

    it('shows a counselor off the care team the full sessions under emergency access, and nothing before', async () => {
      const client = await newClient();
      await makeCounselingSession(t, counselor, client.id, { notes: 'only with the glass broken' });
      await list(offTeamCounselor, client.id).expect(404);
      await grantEmergencyAccess(t, offTeamCounselor, client.id);
      const res = await list(offTeamCounselor, client.id).expect(200);
      expect(res.body.items[0]).toMatchObject({ notes: 'only with the glass broken', topics: [] });
    });

    it('answers 404 to a counselor off the care team, a coordinator of another clinic, and for a client that does not exist', async () => {
      const client = await newClient();
      await makeCounselingSession(t, counselor, client.id);
      expect((await list(offTeamCounselor, client.id).expect(404)).body.code).toBe('NOT_FOUND');
      await list(otherCoordinator, client.id).expect(404);
      await list(otherCounselor, client.id).expect(404);
      await list(counselor, randomUUID()).expect(404);
    });

    it.each([
      ['a physician on the care team', () => physician],
      ['a nurse', () => nurse],
      ['a peer leader on the care team', () => peerLeader],
      ['an admin', () => admin],
    ])('refuses the list to %s with 403', async (_who, who) => {
      const client = await newClient();
      await makeCounselingSession(t, counselor, client.id, { notes: 'private' });
      const res = await list(who(), client.id).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(res.text).not.toContain('private');
    });

    it('keeps the list from a physician even under emergency access (403: the role may never read counseling)', async () => {
      const client = await newClient();
      await grantEmergencyAccess(t, physician, client.id);
      await list(physician, client.id).expect(403);
    });

    it('closes the list to a counselor taken off the care team', async () => {
      const client = await newClient();
      await makeCounselingSession(t, counselor, client.id);
      const other = await makeStaff(t, admin, Role.Counselor, clinic.id);
      await addToCareTeam(t, coordinator, client.id, other);
      await list(other, client.id).expect(200);
      await t.http.delete(`/api/v1/clients/${client.id}/care-team/${other.id}`).set(coordinator.auth).expect(204);
      await list(other, client.id).expect(404);
    });
  });

  describe('audit', () => {
    it('records each session logged and each list read on the client, on the grounds of access, without its text', async () => {
      const client = await newClient();
      const notes = `audit-${randomUUID()}`;
      await makeCounselingSession(t, counselor, client.id, { topics: [`${notes}-t`], notes });
      await list(counselor, client.id).expect(200);
      await list(coordinator, client.id).expect(200);
      await grantEmergencyAccess(t, offTeamCounselor, client.id);
      await list(offTeamCounselor, client.id).expect(200);
      const log = await t.http.get(`/api/v1/clients/${client.id}/access-log`).query({ limit: 200 }).set(coordinator.auth).expect(200);
      const events = (log.body.items as Array<{ actorId: string; action: string; grounds: string }>)
        .filter((item) => item.action.startsWith('counseling_session.'))
        .map(({ actorId, action, grounds }) => ({ actorId, action, grounds }));
      expect(events).toEqual(
        expect.arrayContaining([
          { actorId: counselor.id, action: 'counseling_session.create', grounds: 'care_team' },
          { actorId: counselor.id, action: 'counseling_session.list', grounds: 'care_team' },
          { actorId: coordinator.id, action: 'counseling_session.list', grounds: 'role' },
          { actorId: offTeamCounselor.id, action: 'counseling_session.list', grounds: 'emergency' },
        ]),
      );
      expect(events).toHaveLength(4);
      const raw = await t.dataSource.query<Array<{ details: unknown }>>('SELECT details FROM audit_event WHERE client_id = $1', [
        client.id,
      ]);
      expect(JSON.stringify(raw)).not.toContain(notes);
    });

    it('records nothing when a session is refused', async () => {
      const client = await newClient();
      const before = await t.dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM audit_event WHERE client_id = $1 AND action LIKE 'counseling_session.%'`,
        [client.id],
      );
      await post(counselor, client.id, { date: clinicDay(t, 1), type: 'individual', minutes: 45 }).expect(400);
      await post(offTeamCounselor, client.id, { date: clinicDay(t), type: 'individual', minutes: 45 }).expect(404);
      const after = await t.dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM audit_event WHERE client_id = $1 AND action LIKE 'counseling_session.%'`,
        [client.id],
      );
      expect(after[0].n).toBe(before[0].n);
    });
  });

  it('describes both the full and the metadata view of a session in the OpenAPI document', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    const schemas = res.body.components.schemas as Record<string, { properties: Record<string, unknown> }>;
    expect(Object.keys(schemas.CounselingSessionDto.properties)).toEqual(expect.arrayContaining(['notes', 'topics', 'minutes']));
    expect(Object.keys(schemas.CounselingSessionSummaryDto.properties)).not.toEqual(expect.arrayContaining(['notes']));
    expect(Object.keys(schemas.CounselingSessionSummaryDto.properties)).not.toContain('topics');
    expect(res.body.paths['/api/v1/clients/{id}/counseling-sessions'].post).toBeDefined();
  });
});
