import { Role } from '@tongban/platform';
import {
  addToCareTeam,
  ClientRecord,
  ClinicRecord,
  clinicDay,
  forgedCursors,
  importDosingHistory,
  makeClient,
  makeClinic,
  makeDoseOrder,
  makeStaff,
  pinClock,
  readPages,
  signInAdmin,
  SignedIn,
  unique,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { DAY } from './support/test-clock';

interface Episode {
  id: string;
  startDate: string;
  endDate: string | null;
  endReason: string | null;
}

interface AccessLogItem {
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  grounds: string | null;
}

describe('clients', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicRecord;
  let otherClinic: ClinicRecord;
  let coordinator: SignedIn;
  let counselor: SignedIn;
  let otherCoordinator: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    clinic = await makeClinic(t, admin);
    otherClinic = await makeClinic(t, admin);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
    otherCoordinator = await makeStaff(t, admin, Role.Coordinator, otherClinic.id);
  });
  afterAll(() => t.close());

  /** A body for POST /clients that passes validation. */
  function registration(fields: Record<string, unknown> = {}): Record<string, unknown> {
    return { givenName: '丽', familyName: '李', dateOfBirth: '1979-02-03', sex: 'female', intakeDate: clinicDay(t, -30), ...fields };
  }

  async function search(who: SignedIn, q: string): Promise<string[]> {
    const res = await t.http.get('/api/v1/clients').query({ q, limit: 200 }).set(who.auth).expect(200);
    return res.body.items.map((item: { id: string }) => item.id);
  }

  async function episodes(clientId: string): Promise<Episode[]> {
    const res = await t.http.get(`/api/v1/clients/${clientId}/episodes`).set(coordinator.auth).expect(200);
    return res.body as Episode[];
  }

  async function accessLog(clientId: string): Promise<AccessLogItem[]> {
    const res = await t.http.get(`/api/v1/clients/${clientId}/access-log`).query({ limit: 200 }).set(coordinator.auth).expect(200);
    return res.body.items as AccessLogItem[];
  }

  function fieldsOf(body: { errors?: Array<{ field: string }> }): string[] {
    return [...new Set((body.errors ?? []).map((error) => error.field))].sort();
  }

  describe('registration', () => {
    it('registers an active client with a clinic code, the whole record and a first episode starting at intake', async () => {
      const intakeDate = clinicDay(t, -3);
      const res = await t.http
        .post('/api/v1/clients')
        .set(coordinator.auth)
        .send({
          givenName: '  小明 ',
          familyName: '王',
          preferredName: 'Ming',
          dateOfBirth: '1985-04-12',
          sex: 'male',
          phone: '+86 138 0013 8000',
          email: 'ming@example.com',
          nationalId: '53010219850412001x',
          preferredLanguage: 'en',
          intakeDate,
        })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        code: expect.stringMatching(new RegExp(`^${clinic.code}-\\d{6}$`)),
        clinicId: clinic.id,
        givenName: '小明',
        familyName: '王',
        preferredName: 'Ming',
        dateOfBirth: '1985-04-12',
        sex: 'male',
        phone: '+86 138 0013 8000',
        email: 'ming@example.com',
        nationalId: '53010219850412001X',
        preferredLanguage: 'en',
        status: 'active',
        hasPhoto: false,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const read = await t.http.get(`/api/v1/clients/${res.body.id}`).set(coordinator.auth).expect(200);
      expect(read.body).toEqual(res.body);
      expect(await episodes(res.body.id)).toEqual([{ id: expect.any(String), startDate: intakeDate, endDate: null, endReason: null }]);
    });

    it('defaults the preferred language to zh-CN and leaves optional fields empty', async () => {
      const res = await t.http.post('/api/v1/clients').set(coordinator.auth).send(registration()).expect(201);
      expect(res.body).toMatchObject({ preferredLanguage: 'zh-CN', preferredName: null, phone: null, email: null, nationalId: null });
    });

    it('accepts an intake date long past, for records moved from paper', async () => {
      const res = await t.http
        .post('/api/v1/clients')
        .set(coordinator.auth)
        .send(registration({ intakeDate: '2015-06-01' }))
        .expect(201);
      expect((await episodes(res.body.id))[0].startDate).toBe('2015-06-01');
    });

    it('refuses a body without the required fields with 400 naming each of them', async () => {
      const res = await t.http.post('/api/v1/clients').set(coordinator.auth).send({}).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual(['dateOfBirth', 'familyName', 'givenName', 'intakeDate', 'sex']);
    });

    it.each([
      ['an unknown sex', () => ({ sex: 'yes' }), 'sex'],
      ['an intake date in the future', () => ({ intakeDate: clinicDay(t, 1) }), 'intakeDate'],
      ['a date of birth in the future', () => ({ dateOfBirth: clinicDay(t, 1) }), 'dateOfBirth'],
      ['a date that does not exist', () => ({ intakeDate: '2024-02-30' }), 'intakeDate'],
      ['an empty given name', () => ({ givenName: '' }), 'givenName'],
      ['a phone number with letters', () => ({ phone: 'call me' }), 'phone'],
      ['a malformed e-mail address', () => ({ email: 'not-an-address' }), 'email'],
      ['a national ID with punctuation', () => ({ nationalId: '5301-0219' }), 'nationalId'],
      ['an unknown language', () => ({ preferredLanguage: 'fr' }), 'preferredLanguage'],
      ['an unknown field', () => ({ religion: 'none' }), 'religion'],
    ])('refuses %s with 400 naming the field', async (_what, fields, field) => {
      const res = await t.http.post('/api/v1/clients').set(coordinator.auth).send(registration(fields())).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual([field]);
    });

    it('names every bad field in one answer, each with a key and the limits it was checked against', async () => {
      const res = await t.http
        .post('/api/v1/clients')
        .set(coordinator.auth)
        .send(registration({ givenName: '', familyName: '李'.repeat(101), dateOfBirth: '2199-01-01', sex: 'yes', phone: 'call me' }))
        .expect(400);
      const errors = res.body.errors as { field: string; key: string; limits?: Record<string, unknown> }[];
      expect(errors.map(({ field, key, limits }) => ({ field, key, limits })).sort((a, b) => a.field.localeCompare(b.field))).toEqual([
        { field: 'dateOfBirth', key: 'future', limits: undefined },
        { field: 'familyName', key: 'tooLong', limits: { max: 100 } },
        { field: 'givenName', key: 'required', limits: undefined },
        { field: 'phone', key: 'format', limits: undefined },
        { field: 'sex', key: 'oneOf', limits: { values: ['female', 'male', 'other', 'unknown'] } },
      ]);
    });

    it('refuses the same national ID twice in one clinic with 409 DUPLICATE_CLIENT, in whatever case it is written', async () => {
      await makeClient(t, coordinator, { nationalId: '53010219900101777X' });
      for (const nationalId of ['53010219900101777X', '53010219900101777x']) {
        const res = await t.http.post('/api/v1/clients').set(coordinator.auth).send(registration({ nationalId })).expect(409);
        expect(res.body.code).toBe('DUPLICATE_CLIENT');
        // The national ID's digits appear nowhere in the answer (the random request id aside, which may hold any digits).
        const { requestId: _requestId, ...answer } = res.body as Record<string, unknown>;
        expect(JSON.stringify(answer)).not.toContain('777');
      }
    });

    it('allows the same national ID in another clinic', async () => {
      await makeClient(t, coordinator, { nationalId: '53010219900101888X' });
      const res = await t.http
        .post('/api/v1/clients')
        .set(otherCoordinator.auth)
        .send(registration({ nationalId: '53010219900101888X' }))
        .expect(201);
      expect(res.body.code.startsWith(`${otherClinic.code}-`)).toBe(true);
    });

    it('refuses to give a client the national ID of another client of the clinic with 409 DUPLICATE_CLIENT', async () => {
      await makeClient(t, coordinator, { nationalId: '53010219900101555X' });
      const client = await makeClient(t, coordinator);
      const res = await t.http
        .patch(`/api/v1/clients/${client.id}`)
        .set(coordinator.auth)
        .send({ nationalId: '53010219900101555x' })
        .expect(409);
      expect(res.body.code).toBe('DUPLICATE_CLIENT');
    });

    it('puts a counselor who registers a client on its care team as counselor', async () => {
      const client = await makeClient(t, counselor);
      const res = await t.http.get(`/api/v1/clients/${client.id}/care-team`).set(coordinator.auth).expect(200);
      expect(res.body).toEqual({
        items: [{ staffId: counselor.id, role: 'counselor', displayName: 'Test counselor', addedAt: expect.any(String) }],
        nextCursor: null,
      });
      await t.http.get(`/api/v1/clients/${client.id}`).set(counselor.auth).expect(200);
    });

    it('gives 50 concurrent registrations in one clinic 50 distinct codes', async () => {
      const clinicHere = await makeClinic(t, admin);
      const coordinatorHere = await makeStaff(t, admin, Role.Coordinator, clinicHere.id);
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t.http
            .post('/api/v1/clients')
            .set(coordinatorHere.auth)
            .send(registration({ givenName: `Concurrent${i}` })),
        ),
      );
      expect(answers.map((res) => res.status)).toEqual(Array(50).fill(201));
      const codes = answers.map((res) => res.body.code as string);
      expect(new Set(codes).size).toBe(50);
      for (const code of codes) expect(code).toMatch(new RegExp(`^${clinicHere.code}-\\d{6}$`));
      const listed = await t.http.get('/api/v1/clients').query({ limit: 200 }).set(coordinatorHere.auth).expect(200);
      expect(listed.body.items).toHaveLength(50);
    });
  });

  describe('changes', () => {
    it('changes the fields sent, leaves the others, and search follows the new name and phone', async () => {
      const client = await makeClient(t, coordinator, {
        givenName: '春花',
        familyName: '赵',
        phone: '13700001111',
        preferredName: 'Spring',
      });
      const res = await t.http
        .patch(`/api/v1/clients/${client.id}`)
        .set(coordinator.auth)
        .send({ givenName: '秋月', familyName: '钱', phone: '137 0000 2222', preferredName: null, sex: 'other' })
        .expect(200);
      expect(res.body).toMatchObject({
        givenName: '秋月',
        familyName: '钱',
        phone: '137 0000 2222',
        preferredName: null,
        sex: 'other',
        dateOfBirth: '1980-05-17',
      });
      expect(await search(coordinator, '钱秋月')).toEqual([client.id]);
      expect(await search(coordinator, '13700002222')).toEqual([client.id]);
      expect(await search(coordinator, '赵春花')).toEqual([]);
      expect(await search(coordinator, '13700001111')).toEqual([]);
    });

    it('refuses to clear a required field with null, and refuses unknown fields, with 400', async () => {
      const client = await makeClient(t, coordinator);
      const cleared = await t.http.patch(`/api/v1/clients/${client.id}`).set(coordinator.auth).send({ givenName: null }).expect(400);
      expect(fieldsOf(cleared.body)).toEqual(['givenName']);
      const unknown = await t.http.patch(`/api/v1/clients/${client.id}`).set(coordinator.auth).send({ status: 'deceased' }).expect(400);
      expect(fieldsOf(unknown.body)).toEqual(['status']);
      const read = await t.http.get(`/api/v1/clients/${client.id}`).set(coordinator.auth).expect(200);
      expect(read.body).toMatchObject({ givenName: client.givenName, status: 'active' });
    });

    it('answers 404 to a coordinator of another clinic', async () => {
      const client = await makeClient(t, coordinator);
      await t.http.get(`/api/v1/clients/${client.id}`).set(otherCoordinator.auth).expect(404);
      await t.http.patch(`/api/v1/clients/${client.id}`).set(otherCoordinator.auth).send({ givenName: 'X' }).expect(404);
    });
  });

  describe('episodes', () => {
    let client: ClientRecord;

    // An intake a few days back: in treatment (no dose is missed enough for a drop-out) and room for past dates.
    beforeAll(async () => {
      client = await makeClient(t, coordinator, { intakeDate: clinicDay(t, -6) });
    });

    it('ends the open episode on discharge as completed and marks the client discharged', async () => {
      const date = clinicDay(t, -4);
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/discharge`)
        .set(coordinator.auth)
        .send({ date, reason: 'completed' })
        .expect(200);
      expect(res.body).toEqual({ id: expect.any(String), startDate: clinicDay(t, -6), endDate: date, endReason: 'completed' });
      expect(await episodes(client.id)).toEqual([res.body]);
      const read = await t.http.get(`/api/v1/clients/${client.id}`).set(coordinator.auth).expect(200);
      expect(read.body.status).toBe('discharged');
    });

    it('refuses a second discharge with 422 CLIENT_NOT_ACTIVE', async () => {
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/discharge`)
        .set(coordinator.auth)
        .send({ date: clinicDay(t, -3), reason: 'completed' })
        .expect(422);
      expect(res.body.code).toBe('CLIENT_NOT_ACTIVE');
    });

    it('readmits a discharged client into a new open episode and makes them active again', async () => {
      const date = clinicDay(t, -2);
      const res = await t.http.post(`/api/v1/clients/${client.id}/readmit`).set(coordinator.auth).send({ date }).expect(201);
      expect(res.body).toEqual({ id: expect.any(String), startDate: date, endDate: null, endReason: null });
      const all = await episodes(client.id);
      expect(all).toHaveLength(2);
      expect(all[1]).toEqual(res.body);
      expect(all[0].endReason).toBe('completed');
      const read = await t.http.get(`/api/v1/clients/${client.id}`).set(coordinator.auth).expect(200);
      expect(read.body.status).toBe('active');
    });

    it('refuses to readmit an active client with 409 CLIENT_ALREADY_ACTIVE', async () => {
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/readmit`)
        .set(coordinator.auth)
        .send({ date: clinicDay(t) })
        .expect(409);
      expect(res.body.code).toBe('CLIENT_ALREADY_ACTIVE');
      expect(await episodes(client.id)).toHaveLength(2);
    });

    it('marks a client discharged as transferred as transferred', async () => {
      const other = await makeClient(t, coordinator);
      await t.http
        .post(`/api/v1/clients/${other.id}/discharge`)
        .set(coordinator.auth)
        .send({ date: clinicDay(t), reason: 'transferred' })
        .expect(200);
      const read = await t.http.get(`/api/v1/clients/${other.id}`).set(coordinator.auth).expect(200);
      expect(read.body.status).toBe('transferred');
      expect((await episodes(other.id))[0].endReason).toBe('transferred');
    });

    it('refuses to readmit a client recorded as deceased with 422 CLIENT_DECEASED', async () => {
      const other = await makeClient(t, coordinator);
      await t.http
        .post(`/api/v1/clients/${other.id}/discharge`)
        .set(coordinator.auth)
        .send({ date: clinicDay(t, -1), reason: 'deceased' })
        .expect(200);
      const read = await t.http.get(`/api/v1/clients/${other.id}`).set(coordinator.auth).expect(200);
      expect(read.body.status).toBe('deceased');
      const res = await t.http
        .post(`/api/v1/clients/${other.id}/readmit`)
        .set(coordinator.auth)
        .send({ date: clinicDay(t) })
        .expect(422);
      expect(res.body.code).toBe('CLIENT_DECEASED');
      expect(await episodes(other.id)).toHaveLength(1);
    });

    it('refuses a discharge in the future or with an unknown reason with 400', async () => {
      const other = await makeClient(t, coordinator);
      const future = await t.http
        .post(`/api/v1/clients/${other.id}/discharge`)
        .set(coordinator.auth)
        .send({ date: clinicDay(t, 1), reason: 'completed' })
        .expect(400);
      expect(fieldsOf(future.body)).toEqual(['date']);
      const reason = await t.http
        .post(`/api/v1/clients/${other.id}/discharge`)
        .set(coordinator.auth)
        .send({ date: clinicDay(t), reason: 'dropout' })
        .expect(400);
      expect(fieldsOf(reason.body)).toEqual(['reason']);
    });

    it('lists the episodes as api.md shows them, an array, the first first', async () => {
      const other = await makeClient(t, coordinator, { intakeDate: clinicDay(t, -6) });
      for (const [end, start] of [
        [-5, -4],
        [-3, -2],
      ]) {
        await t.http
          .post(`/api/v1/clients/${other.id}/discharge`)
          .set(coordinator.auth)
          .send({ date: clinicDay(t, end), reason: 'other' })
          .expect(200);
        await t.http
          .post(`/api/v1/clients/${other.id}/readmit`)
          .set(coordinator.auth)
          .send({ date: clinicDay(t, start) })
          .expect(201);
      }
      const whole = await t.http.get(`/api/v1/clients/${other.id}/episodes`).set(coordinator.auth).expect(200);
      expect(whole.body.map((episode: Episode) => [episode.startDate, episode.endDate, episode.endReason])).toEqual([
        [clinicDay(t, -6), clinicDay(t, -5), 'other'],
        [clinicDay(t, -4), clinicDay(t, -3), 'other'],
        [clinicDay(t, -2), null, null],
      ]);
    });
  });

  describe('care team', () => {
    let client: ClientRecord;

    beforeAll(async () => {
      client = await makeClient(t, coordinator);
    });

    it('adds a staff member in the role they hold and lists them', async () => {
      const physician = await makeStaff(t, admin, Role.Physician, clinic.id);
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/care-team`)
        .set(coordinator.auth)
        .send({ staffId: physician.id, role: 'physician' })
        .expect(201);
      expect(res.body).toEqual({ staffId: physician.id, role: 'physician', displayName: 'Test physician', addedAt: expect.any(String) });
      const team = await t.http.get(`/api/v1/clients/${client.id}/care-team`).set(coordinator.auth).expect(200);
      expect(team.body.items.map((member: { staffId: string }) => member.staffId)).toContain(physician.id);
    });

    it('pages the care team, the longest on it first, with limit and cursor', async () => {
      const registered = await makeClient(t, counselor);
      const physician = await makeStaff(t, admin, Role.Physician, clinic.id);
      const peerLeader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
      await addToCareTeam(t, coordinator, registered.id, physician);
      await addToCareTeam(t, coordinator, registered.id, peerLeader);
      const pages = await readPages<{ staffId: string }>(t, coordinator, `/api/v1/clients/${registered.id}/care-team`, 1);
      expect(pages.map((page) => page.items.map((member) => member.staffId))).toEqual([[counselor.id], [physician.id], [peerLeader.id]]);
      expect(pages.map((page) => page.nextCursor === null)).toEqual([false, false, true]);
    });

    it('refuses a care-team cursor it did not give out with 400', async () => {
      for (const cursor of ['2026-01-01T00:00:00.000Z', '2026-01-01T24:00:00.000000Z', '2026-01-01'].flatMap(forgedCursors)) {
        const res = await t.http.get(`/api/v1/clients/${client.id}/care-team`).query({ cursor }).set(coordinator.auth).expect(400);
        expect(fieldsOf(res.body)).toEqual(['cursor']);
      }
    });

    it('refuses a staff member whose role differs from the care-team role with 422 STAFF_NOT_ELIGIBLE', async () => {
      const nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/care-team`)
        .set(coordinator.auth)
        .send({ staffId: nurse.id, role: 'counselor' })
        .expect(422);
      expect(res.body.code).toBe('STAFF_NOT_ELIGIBLE');
    });

    it('refuses a staff member of another clinic with 422 STAFF_NOT_ELIGIBLE', async () => {
      const elsewhere = await makeStaff(t, admin, Role.Counselor, otherClinic.id);
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/care-team`)
        .set(coordinator.auth)
        .send({ staffId: elsewhere.id, role: 'counselor' })
        .expect(422);
      expect(res.body.code).toBe('STAFF_NOT_ELIGIBLE');
      await t.http.get(`/api/v1/clients/${client.id}`).set(elsewhere.auth).expect(404);
    });

    it('refuses the same staff member twice with 409 ALREADY_ON_CARE_TEAM', async () => {
      const counselorHere = await makeStaff(t, admin, Role.Counselor, clinic.id);
      await addToCareTeam(t, coordinator, client.id, counselorHere);
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/care-team`)
        .set(coordinator.auth)
        .send({ staffId: counselorHere.id, role: 'counselor' })
        .expect(409);
      expect(res.body.code).toBe('ALREADY_ON_CARE_TEAM');
    });

    it("gives a counselor the client's record while on the care team and takes it away when removed", async () => {
      const counselorHere = await makeStaff(t, admin, Role.Counselor, clinic.id);
      await t.http.get(`/api/v1/clients/${client.id}`).set(counselorHere.auth).expect(404);
      await addToCareTeam(t, coordinator, client.id, counselorHere);
      const read = await t.http.get(`/api/v1/clients/${client.id}`).set(counselorHere.auth).expect(200);
      expect(read.body.nationalId).toBeDefined();
      await t.http.delete(`/api/v1/clients/${client.id}/care-team/${counselorHere.id}`).set(coordinator.auth).expect(204);
      await t.http.get(`/api/v1/clients/${client.id}`).set(counselorHere.auth).expect(404);
      expect(await search(counselorHere, client.code)).toEqual([]);
      await t.http.delete(`/api/v1/clients/${client.id}/care-team/${counselorHere.id}`).set(coordinator.auth).expect(404);
    });
  });

  describe('access log', () => {
    it('records every read with the reader, their role and the grounds, for the coordinator to see', async () => {
      const client = await makeClient(t, counselor);
      await t.http.get(`/api/v1/clients/${client.id}`).set(counselor.auth).expect(200);
      await t.http.get(`/api/v1/clients/${client.id}`).set(coordinator.auth).expect(200);
      await t.http.get(`/api/v1/clients/${client.id}/episodes`).set(counselor.auth).expect(200);
      await t.http.get(`/api/v1/clients/${client.id}/care-team`).set(counselor.auth).expect(200);
      await t.http.get(`/api/v1/clients/${client.id}/consents`).set(counselor.auth).expect(200);
      expect(await search(counselor, client.code)).toEqual([client.id]);

      const log = await accessLog(client.id);
      const reads = log.filter((event) => event.action === 'client.read');
      expect(reads).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ actorId: counselor.id, actorName: 'Test counselor', actorRole: 'counselor', grounds: 'care_team' }),
          expect.objectContaining({ actorId: coordinator.id, actorRole: 'coordinator', grounds: 'role' }),
        ]),
      );
      const byCounselor = log.filter((event) => event.actorId === counselor.id).map((event) => event.action);
      expect(byCounselor).toEqual(
        expect.arrayContaining(['client.create', 'client.read', 'episode.list', 'care_team.read', 'consent.read', 'client.list']),
      );
      expect(log.find((event) => event.action === 'client.list')).toMatchObject({ actorId: counselor.id, grounds: 'care_team' });
    });

    it('records each client a list shows, and none it does not', async () => {
      const shown = await makeClient(t, coordinator, { familyName: unique('Listed') });
      const hidden = await makeClient(t, coordinator);
      const res = await t.http.get('/api/v1/clients').query({ q: shown.familyName }).set(coordinator.auth).expect(200);
      expect(res.body.items.map((item: { id: string }) => item.id)).toEqual([shown.id]);
      expect((await accessLog(shown.id)).some((event) => event.action === 'client.list' && event.actorId === coordinator.id)).toBe(true);
      expect((await accessLog(hidden.id)).some((event) => event.action === 'client.list')).toBe(false);
    });
  });

  /**
   * api.md "Dosing": drop-out is derived, never waits for a job. Whatever
   * reads the client first (the record, a list, the episodes) sees it
   * settled; no dosing route is called here. These tests move the clock,
   * so they come last.
   */
  describe('drop-out, settled on every read', () => {
    let dropClinic: ClinicRecord;
    let dropCoordinator: SignedIn;
    let dropPhysician: SignedIn;
    let dropNurse: SignedIn;

    beforeAll(async () => {
      pinClock(t); // noon of a new clinic day: whole-day steps never cross a clinic midnight
      dropClinic = await makeClinic(t, admin); // the default thresholds: drop-out at 30 missed days
      [dropCoordinator, dropPhysician, dropNurse] = await Promise.all([
        makeStaff(t, admin, Role.Coordinator, dropClinic.id),
        makeStaff(t, admin, Role.Physician, dropClinic.id),
        makeStaff(t, admin, Role.Nurse, dropClinic.id),
      ]);
    });

    const read = async (clientId: string, who: SignedIn = dropCoordinator) =>
      (await t.http.get(`/api/v1/clients/${clientId}`).set(who.auth).expect(200)).body as ClientRecord;
    const episodesIn = async (clientId: string) =>
      (await t.http.get(`/api/v1/clients/${clientId}/episodes`).set(dropCoordinator.auth).expect(200)).body as Episode[];
    const listed = async (query: Record<string, string>, who: SignedIn = dropCoordinator) =>
      (
        await t.http
          .get('/api/v1/clients')
          .query({ limit: 200, ...query })
          .set(who.auth)
          .expect(200)
      ).body.items as ClientRecord[];
    const dropouts = async (clientId: string) =>
      (
        await t.http.get(`/api/v1/clients/${clientId}/access-log`).query({ limit: 200 }).set(dropCoordinator.auth).expect(200)
      ).body.items.filter((event: AccessLogItem) => event.action === 'episode.dropout');

    it('reads a client whose paper history ends 40 days back, on the intake day, as dropped_out, the episode ended on that day', async () => {
      const intake = clinicDay(t, -40);
      const client = await makeClient(t, dropCoordinator, { intakeDate: intake });
      expect(client.status).toBe('active'); // the answer to the registration (api.md)
      // Registered today, no history yet: the days before registration are on paper, not missed (product.md).
      expect((await read(client.id)).status).toBe('active');
      await importDosingHistory(t, dropCoordinator, [[client.code, intake]]);
      expect((await read(client.id)).status).toBe('dropped_out');
      // The last dose was on the intake day: the episode ends on its first day.
      expect(await episodesIn(client.id)).toEqual([{ id: expect.any(String), startDate: intake, endDate: intake, endReason: 'dropout' }]);
      expect((await read(client.id)).status).toBe('dropped_out');
      expect(await dropouts(client.id)).toHaveLength(1);

      const discharge = await t.http
        .post(`/api/v1/clients/${client.id}/discharge`)
        .set(dropCoordinator.auth)
        .send({ date: clinicDay(t), reason: 'completed' })
        .expect(422);
      expect(discharge.body.code).toBe('CLIENT_NOT_ACTIVE');
      await t.http
        .post(`/api/v1/clients/${client.id}/readmit`)
        .set(dropCoordinator.auth)
        .send({ date: clinicDay(t) })
        .expect(201);
      expect((await read(client.id)).status).toBe('active');
    });

    it('lists such a client as dropped_out in GET /clients when the list is the first read, under any status filter', async () => {
      const intake = clinicDay(t, -40);
      const client = await makeClient(t, dropCoordinator, { intakeDate: intake });
      await importDosingHistory(t, dropCoordinator, [[client.code, intake]]);
      const inTreatment = await makeClient(t, dropCoordinator, { intakeDate: clinicDay(t, -2) });
      const active = (await listed({ status: 'active' })).map((item) => item.id);
      expect(active).toContain(inTreatment.id);
      expect(active).not.toContain(client.id);
      expect((await listed({ status: 'dropped_out' })).map((item) => item.id)).toContain(client.id);
      expect((await listed({ q: client.code })).map((item) => item.status)).toEqual(['dropped_out']);
      // A nurse sees the clinic's clients in treatment only.
      expect((await listed({}, dropNurse)).map((item) => item.id)).not.toContain(client.id);
      expect(await episodesIn(client.id)).toEqual([{ id: expect.any(String), startDate: intake, endDate: intake, endReason: 'dropout' }]);
      expect(await dropouts(client.id)).toHaveLength(1);
    });

    it('drops a client out at 30 missed days with only the clock moved: 29 read active, 30 dropped_out; readmission after', async () => {
      const doseDay = clinicDay(t);
      const client = await makeClient(t, dropCoordinator, { intakeDate: doseDay });
      const other = await makeClient(t, dropCoordinator, { intakeDate: doseDay });
      for (const id of [client.id, other.id]) {
        await makeDoseOrder(t, dropPhysician, id, { effectiveDate: doseDay });
        await t.http.post(`/api/v1/clients/${id}/doses`).set(dropNurse.auth).send({ doseMg: 60, kind: 'observed' }).expect(201);
      }

      // The last dose 30 days back: the 29 days after it up to yesterday were missed.
      t.clock.advance(30 * DAY);
      expect((await listed({ q: client.code }))[0].status).toBe('active');
      expect((await read(client.id)).status).toBe('active');
      expect((await read(other.id, dropNurse)).status).toBe('active');
      expect(await episodesIn(client.id)).toEqual([{ id: expect.any(String), startDate: doseDay, endDate: null, endReason: null }]);

      // A day later, 30 missed days: the list, the first read, shows the drop-out; the episode ended on the last dose day.
      t.clock.advance(DAY);
      expect((await listed({ q: client.code }))[0].status).toBe('dropped_out');
      expect((await read(client.id)).status).toBe('dropped_out');
      expect(await episodesIn(client.id)).toEqual([{ id: expect.any(String), startDate: doseDay, endDate: doseDay, endReason: 'dropout' }]);
      // The other client's first read after the day is their episodes.
      expect(await episodesIn(other.id)).toEqual([{ id: expect.any(String), startDate: doseDay, endDate: doseDay, endReason: 'dropout' }]);
      expect((await read(other.id)).status).toBe('dropped_out');
      await t.http.get(`/api/v1/clients/${other.id}`).set(dropNurse.auth).expect(404);
      expect(await dropouts(client.id)).toEqual([expect.objectContaining({ grounds: 'role' })]);

      const today = clinicDay(t);
      const readmission = await t.http
        .post(`/api/v1/clients/${client.id}/readmit`)
        .set(dropCoordinator.auth)
        .send({ date: today })
        .expect(201);
      expect(readmission.body).toEqual({ id: expect.any(String), startDate: today, endDate: null, endReason: null });
      expect((await read(client.id)).status).toBe('active');
      expect(await episodesIn(client.id)).toEqual([
        { id: expect.any(String), startDate: doseDay, endDate: doseDay, endReason: 'dropout' },
        readmission.body,
      ]);
    });
  });
});
