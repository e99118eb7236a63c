import { Role } from '@tongban/platform';
import {
  addToCareTeam,
  ClientRecord,
  clinicDay,
  ClinicRecord,
  drawNoDrugTests,
  forgedCursors,
  importDosingHistory,
  makeClient,
  makeClinic,
  makeDoseOrder,
  makeStaff,
  pinClock,
  readPages,
  SignedIn,
  signInAdmin,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';

/** A dose as POST /clients/:id/doses answers it. */
interface Dose {
  id: string;
  clinicDay: string;
  doseMg: number;
  kind: string;
  coversDays: number;
  recordedBy: string | null;
  recordedAt: string;
}

/** A dose as GET /clients/:id/doses lists it. */
interface ListedDose extends Omit<Dose, 'recordedBy'> {
  part: number;
  reason: string | null;
  assessmentNote: string | null;
  recordedBy: { id: string; displayName: string | null } | null;
  voided: boolean;
  voidReason: string | null;
}

/** The list's item for a dose just recorded by a test staff member (no notes, part 1, not voided). */
function listed(dose: Dose, displayName: string): ListedDose {
  return {
    ...dose,
    part: 1,
    reason: null,
    assessmentNote: null,
    recordedBy: dose.recordedBy ? { id: dose.recordedBy, displayName } : null,
    voided: false,
    voidReason: null,
  };
}

/**
 * Dose orders and the dispensing window on one clinic day: who may do what,
 * validation, the rules of a single day, idempotent retries and access.
 * The clock is pinned to noon in Shanghai and never moved here; rules that
 * need days to pass live in dosing-days.e2e-spec.ts.
 */
describe('dosing', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicRecord;
  let otherClinic: ClinicRecord;
  let coordinator: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;
  let counselor: SignedIn;
  let peerLeader: SignedIn;
  let otherNurse: SignedIn;
  let otherPhysician: SignedIn;
  let otherCoordinator: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    admin = await signInAdmin(t);
    clinic = await makeClinic(t, admin);
    otherClinic = await makeClinic(t, admin);
    // Its answers are compared whole: `drugTestDue` must not hang on the day drawn at random.
    await drawNoDrugTests(t, admin, clinic.id);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    physician = await makeStaff(t, admin, Role.Physician, clinic.id);
    nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
    counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
    peerLeader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
    otherNurse = await makeStaff(t, admin, Role.Nurse, otherClinic.id);
    otherPhysician = await makeStaff(t, admin, Role.Physician, otherClinic.id);
    otherCoordinator = await makeStaff(t, admin, Role.Coordinator, otherClinic.id);
  });
  afterAll(() => t.close());

  /** Today in Shanghai, the clinic's time zone, `offset` days from it. */
  function day(offset = 0): string {
    return clinicDay(t, offset);
  }

  /** A client of the clinic whose episode began `intakeDaysAgo` days ago (today by default), so no day is missed yet. */
  function newClient(intakeDaysAgo = 0, fields: Record<string, unknown> = {}): Promise<ClientRecord> {
    return makeClient(t, coordinator, { intakeDate: day(-intakeDaysAgo), ...fields });
  }

  function recordDose(who: SignedIn, clientId: string, body: Record<string, unknown>) {
    return t.http.post(`/api/v1/clients/${clientId}/doses`).set(who.auth).send(body);
  }

  async function dosesOf(clientId: string, query: Record<string, string> = {}): Promise<ListedDose[]> {
    const res = await t.http.get(`/api/v1/clients/${clientId}/doses`).query(query).set(nurse.auth).expect(200);
    return res.body.items as ListedDose[];
  }

  /** What the database holds for a client: its dose rows and its dose events in the audit trail. */
  async function rowsOf(clientId: string): Promise<{ visits: number; doseEvents: number }> {
    const [row] = await t.dataSource.query<Array<{ visits: number; dose_events: number }>>(
      `SELECT (SELECT count(*)::int FROM dosing_visit WHERE client_id = $1) AS visits,
              (SELECT count(*)::int FROM audit_event WHERE client_id = $1 AND action = 'dose.record') AS dose_events`,
      [clientId],
    );
    return { visits: row.visits, doseEvents: row.dose_events };
  }

  async function expectChainVerifies(): Promise<void> {
    const res = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
    expect(res.body).toMatchObject({ ok: true, firstBrokenId: null });
  }

  function fieldsOf(body: { errors?: Array<{ field: string }> }): string[] {
    return [...new Set((body.errors ?? []).map((error) => error.field))].sort();
  }

  function activeOrderOf(order: {
    id: string;
    doseMg: number;
    effectiveDate: string;
    splitDose: boolean;
    takeHomeDaysPerWeek: number;
    note: string | null;
  }) {
    const { id, doseMg, effectiveDate, splitDose, takeHomeDaysPerWeek, note } = order;
    return { id, doseMg, effectiveDate, splitDose, takeHomeDaysPerWeek, note };
  }

  describe('dose orders', () => {
    it('lets a physician write an order and answers 201 with it', async () => {
      const client = await newClient();
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/dose-orders`)
        .set(physician.auth)
        .send({ doseMg: 65.5, effectiveDate: day(), splitDose: true, takeHomeDaysPerWeek: 2, note: 'start low, go slow' })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        doseMg: 65.5,
        effectiveDate: day(),
        splitDose: true,
        takeHomeDaysPerWeek: 2,
        note: 'start low, go slow',
        status: 'active',
        orderedBy: physician.id,
        writtenBy: { id: physician.id, displayName: 'Test physician' },
        createdAt: expect.any(String),
        endDate: null,
        endReason: null,
        voidReason: null,
      });
    });

    it('defaults an order to one dose a day with no take-home days', async () => {
      const client = await newClient();
      const order = await makeDoseOrder(t, physician, client.id, { doseMg: 40 });
      expect(order).toMatchObject({ doseMg: 40, splitDose: false, takeHomeDaysPerWeek: 0, note: null });
    });

    it.each([
      ['a nurse', () => nurse],
      ['a coordinator', () => coordinator],
      ['a counselor', () => counselor],
    ])('refuses an order from %s with 403', async (_who, who) => {
      const client = await newClient();
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/dose-orders`)
        .set(who().auth)
        .send({ doseMg: 60, effectiveDate: day() })
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      const orders = await t.http.get(`/api/v1/clients/${client.id}/dose-orders`).set(physician.auth).expect(200);
      expect(orders.body).toEqual({ items: [], nextCursor: null });
    });

    it.each([
      ['no dose', { doseMg: undefined }, 'doseMg'],
      ['a dose of zero', { doseMg: 0 }, 'doseMg'],
      ['a negative dose', { doseMg: -10 }, 'doseMg'],
      ['a dose with two decimals', { doseMg: 60.25 }, 'doseMg'],
      ['a dose below 1 mg', { doseMg: 0.5 }, 'doseMg'],
      ['a dose between half-milligram steps', { doseMg: 60.3 }, 'doseMg'],
      ['a dose above 500 mg', { doseMg: 501 }, 'doseMg'],
      ['a dose as a string', { doseMg: '60' }, 'doseMg'],
      ['no effective date', { effectiveDate: undefined }, 'effectiveDate'],
      ['an effective date that does not exist', { effectiveDate: '2026-02-30' }, 'effectiveDate'],
      ['an effective date not written YYYY-MM-DD', { effectiveDate: '03/01/2026' }, 'effectiveDate'],
      ['a split dose that is not a boolean', { splitDose: 'yes' }, 'splitDose'],
      ['seven take-home days a week', { takeHomeDaysPerWeek: 7 }, 'takeHomeDaysPerWeek'],
      ['nine take-home days a week', { takeHomeDaysPerWeek: 9 }, 'takeHomeDaysPerWeek'],
      ['negative take-home days', { takeHomeDaysPerWeek: -1 }, 'takeHomeDaysPerWeek'],
      ['a fraction of a take-home day', { takeHomeDaysPerWeek: 1.5 }, 'takeHomeDaysPerWeek'],
      ['a note longer than 2000 characters', { note: 'x'.repeat(2001) }, 'note'],
      ['an unknown field', { route: 'oral' }, 'route'],
    ])('refuses an order with %s with 400 naming the field', async (_what, fields, field) => {
      const client = await newClient();
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/dose-orders`)
        .set(physician.auth)
        .send({ doseMg: 60, effectiveDate: day(), ...fields })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual([field]);
    });

    it('lists the orders, latest effective date first, to the physician, the nurse and the coordinator', async () => {
      const client = await newClient(3);
      const early = await makeDoseOrder(t, physician, client.id, { doseMg: 50, effectiveDate: day(-3) });
      const later = await makeDoseOrder(t, physician, client.id, { doseMg: 70, effectiveDate: day(1) });
      const now = await makeDoseOrder(t, physician, client.id, { doseMg: 60, effectiveDate: day() });
      for (const who of [physician, nurse, coordinator]) {
        const res = await t.http.get(`/api/v1/clients/${client.id}/dose-orders`).set(who.auth).expect(200);
        expect(res.body.nextCursor).toBeNull();
        expect(res.body.items.map((order: { id: string; status: string }) => [order.id, order.status])).toEqual([
          [later.id, 'scheduled'],
          [now.id, 'active'],
          [early.id, 'superseded'],
        ]);
        expect(res.body.items[1]).toEqual(now);
      }
    });

    it('pages the orders, latest effective date and then latest written first, with limit and cursor', async () => {
      const client = await newClient(3);
      const early = await makeDoseOrder(t, physician, client.id, { doseMg: 50, effectiveDate: day(-3) });
      const first = await makeDoseOrder(t, physician, client.id, { doseMg: 60, effectiveDate: day() });
      const second = await makeDoseOrder(t, physician, client.id, { doseMg: 65, effectiveDate: day() });
      const pages = await readPages(t, nurse, `/api/v1/clients/${client.id}/dose-orders`, 1);
      expect(pages).toEqual([
        { items: [second], nextCursor: expect.any(String) },
        { items: [{ ...first, status: 'superseded' }], nextCursor: expect.any(String) },
        { items: [{ ...early, status: 'superseded' }], nextCursor: null },
      ]);
    });

    it('refuses a cursor it did not give out with 400', async () => {
      const client = await newClient();
      for (const cursor of [...forgedCursors('2026-02-31|2026-01-01T00:00:00.000000Z'), ...forgedCursors('2026-01-01')]) {
        const res = await t.http.get(`/api/v1/clients/${client.id}/dose-orders`).query({ cursor }).set(physician.auth).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });

    it('uses on each day the order with the latest effective date on or before it', async () => {
      const client = await newClient(2);
      const first = await makeDoseOrder(t, physician, client.id, { doseMg: 60, effectiveDate: day(-2) });
      const current = await makeDoseOrder(t, physician, client.id, { doseMg: 80, effectiveDate: day() });
      await makeDoseOrder(t, physician, client.id, { doseMg: 100, effectiveDate: day(1) });

      const status = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(nurse.auth).expect(200);
      expect(status.body.activeOrder).toEqual(activeOrderOf(current));

      const aboveYesterday = await recordDose(nurse, client.id, { doseMg: 70, kind: 'observed', clinicDay: day(-1) }).expect(422);
      expect(aboveYesterday.body.code).toBe('DOSE_EXCEEDS_ORDER');
      await recordDose(nurse, client.id, { doseMg: first.doseMg, kind: 'observed', clinicDay: day(-1) }).expect(201);
      const aboveToday = await recordDose(nurse, client.id, { doseMg: 100, kind: 'observed' }).expect(422);
      expect(aboveToday.body.code).toBe('DOSE_EXCEEDS_ORDER');
      await recordDose(nurse, client.id, { doseMg: 80, kind: 'observed' }).expect(201);
    });

    it('uses the order written last when two take effect on the same day', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id, { doseMg: 80 });
      const rewritten = await makeDoseOrder(t, physician, client.id, { doseMg: 70 });
      const status = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(nurse.auth).expect(200);
      expect(status.body.activeOrder).toEqual(activeOrderOf(rewritten));
      const res = await recordDose(nurse, client.id, { doseMg: 80, kind: 'observed' }).expect(422);
      expect(res.body.code).toBe('DOSE_EXCEEDS_ORDER');
    });

    it('refuses an order for a discharged client with 422 CLIENT_NOT_ACTIVE', async () => {
      const client = await newClient();
      await t.http
        .post(`/api/v1/clients/${client.id}/discharge`)
        .set(coordinator.auth)
        .send({ date: day(), reason: 'completed' })
        .expect(200);
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/dose-orders`)
        .set(physician.auth)
        .send({ doseMg: 60, effectiveDate: day() })
        .expect(422);
      expect(res.body.code).toBe('CLIENT_NOT_ACTIVE');
    });
  });

  describe('recording a dose', () => {
    it('records an observed dose by a nurse and answers 201 { id, clinicDay, doseMg, kind, coversDays, recordedBy, recordedAt }', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id);
      const res = await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        clinicDay: day(),
        doseMg: 60,
        kind: 'observed',
        coversDays: 0,
        recordedBy: nurse.id,
        recordedAt: expect.any(String),
      });
      expect(Math.abs(Date.parse(res.body.recordedAt) - t.clock.now().getTime())).toBeLessThan(60_000);
      expect(await dosesOf(client.id)).toEqual([listed(res.body as Dose, 'Test nurse')]);
    });

    it('lets a physician record a dose too', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id);
      const res = await recordDose(physician, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
      expect(res.body.recordedBy).toBe(physician.id);
    });

    it.each([
      ['a coordinator', () => coordinator],
      ['a counselor on the care team', () => counselor],
      ['a peer leader', () => peerLeader],
    ])('refuses a dose from %s with 403', async (_who, who) => {
      const client = await newClient();
      await addToCareTeam(t, coordinator, client.id, counselor);
      await makeDoseOrder(t, physician, client.id);
      const res = await recordDose(who(), client.id, { doseMg: 60, kind: 'observed' }).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(await dosesOf(client.id)).toEqual([]);
    });

    it('refuses a second observed dose on the same clinic day with 409 DOSE_ALREADY_GIVEN, whoever records it', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id);
      await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
      for (const who of [nurse, physician]) {
        const res = await recordDose(who, client.id, { doseMg: 60, kind: 'observed' }).expect(409);
        expect(res.body.code).toBe('DOSE_ALREADY_GIVEN');
      }
      expect(await dosesOf(client.id)).toHaveLength(1);
    });

    it('gives one of 20 simultaneous observed doses 201 and the rest 409 DOSE_ALREADY_GIVEN, with one row and one audit event', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => recordDose(i % 2 === 0 ? nurse : physician, client.id, { doseMg: 60, kind: 'observed' })),
      );
      expect(answers.filter((res) => res.status === 201)).toHaveLength(1);
      const refused = answers.filter((res) => res.status !== 201);
      expect(refused.map((res) => [res.status, res.body.code])).toEqual(refused.map(() => [409, 'DOSE_ALREADY_GIVEN']));
      expect(await rowsOf(client.id)).toEqual({ visits: 1, doseEvents: 1 });
      await expectChainVerifies();
    });

    it('writes each part of a split order once when 20 windows send a part at the same moment', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id, { doseMg: 60, splitDose: true });
      const answers = await Promise.all(Array.from({ length: 20 }, () => recordDose(nurse, client.id, { doseMg: 30, kind: 'observed' })));
      expect(answers.map((res) => res.status).sort()).toEqual([201, 201, ...Array.from({ length: 18 }, () => 409)]);
      expect((await dosesOf(client.id)).map((dose) => dose.doseMg)).toEqual([30, 30]);
      expect(await rowsOf(client.id)).toEqual({ visits: 2, doseEvents: 2 });
      await expectChainVerifies();
    });

    it('refuses a dose above the order with 422 DOSE_EXCEEDS_ORDER', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id, { doseMg: 60 });
      const res = await recordDose(nurse, client.id, { doseMg: 60.5, kind: 'observed' }).expect(422);
      expect(res.body.code).toBe('DOSE_EXCEEDS_ORDER');
      expect(await dosesOf(client.id)).toEqual([]);
    });

    it('refuses a dose less than ordered without a reason with 422 REASON_REQUIRED, and records it with one', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id, { doseMg: 60 });
      const res = await recordDose(nurse, client.id, { doseMg: 45, kind: 'observed' }).expect(422);
      expect(res.body.code).toBe('REASON_REQUIRED');
      await recordDose(nurse, client.id, { doseMg: 45, kind: 'observed', reason: 'vomited part of it' }).expect(201);
      expect((await dosesOf(client.id)).map((dose) => dose.doseMg)).toEqual([45]);
    });

    it('refuses a dose with no order at all with 422 NO_ACTIVE_ORDER', async () => {
      const client = await newClient();
      const res = await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(422);
      expect(res.body.code).toBe('NO_ACTIVE_ORDER');
    });

    it('refuses a dose when the only order takes effect later with 422 NO_ACTIVE_ORDER', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id, { effectiveDate: day(1) });
      const res = await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(422);
      expect(res.body.code).toBe('NO_ACTIVE_ORDER');
      const status = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(nurse.auth).expect(200);
      expect(status.body.activeOrder).toBeNull();
    });

    it('refuses a dose for a discharged client to a physician with 422 CLIENT_NOT_ACTIVE', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id);
      await t.http.post(`/api/v1/clients/${client.id}/discharge`).set(coordinator.auth).send({ date: day(), reason: 'other' }).expect(200);
      const res = await recordDose(physician, client.id, { doseMg: 60, kind: 'observed' }).expect(422);
      expect(res.body.code).toBe('CLIENT_NOT_ACTIVE');
      const doses = await t.http.get(`/api/v1/clients/${client.id}/doses`).set(physician.auth).expect(200);
      expect(doses.body).toEqual({ items: [], nextCursor: null });
    });

    it.each([
      ['no dose', { doseMg: undefined }, 'doseMg'],
      ['a dose of zero', { doseMg: 0 }, 'doseMg'],
      ['a dose above 500 mg', { doseMg: 600 }, 'doseMg'],
      ['a dose with two decimals', { doseMg: 59.75 }, 'doseMg'],
      ['no kind', { kind: undefined }, 'kind'],
      ['an unknown kind', { kind: 'injected' }, 'kind'],
      ['a clinic day that does not exist', { clinicDay: '2026-13-01' }, 'clinicDay'],
      ['a clinic day with a time', { clinicDay: '2026-03-01T08:00:00Z' }, 'clinicDay'],
      ['an empty reason', { reason: '' }, 'reason'],
      ['an empty assessment note', { assessmentNote: '' }, 'assessmentNote'],
      ['a reason longer than 2000 characters', { reason: 'x'.repeat(2001) }, 'reason'],
      ['an unknown field', { patientName: 'Li' }, 'patientName'],
    ])('refuses a dose with %s with 400 naming the field', async (_what, fields, field) => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id);
      const res = await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed', ...fields }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual([field]);
      expect(await dosesOf(client.id)).toEqual([]);
    });

    it('refuses a dose for a client that does not exist with 404', async () => {
      await recordDose(nurse, '00000000-0000-4000-8000-000000000000', { doseMg: 60, kind: 'observed' }).expect(404);
    });
  });

  describe('split-dose orders', () => {
    let client: ClientRecord;

    beforeEach(async () => {
      client = await newClient();
      await makeDoseOrder(t, physician, client.id, { doseMg: 60, splitDose: true });
    });

    it('takes two parts within the order and refuses a third with 409 DOSE_ALREADY_GIVEN', async () => {
      const first = await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed' }).expect(201);
      const second = await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed' }).expect(201);
      expect([first.body.clinicDay, second.body.clinicDay]).toEqual([day(), day()]);
      const third = await recordDose(nurse, client.id, { doseMg: 0.5, kind: 'observed', reason: 'extra' }).expect(409);
      expect(third.body.code).toBe('DOSE_ALREADY_GIVEN');
      expect((await dosesOf(client.id)).map((dose) => dose.doseMg)).toEqual([30, 30]);
    });

    it('refuses a second part that would take the day above the order with 422 DOSE_EXCEEDS_ORDER', async () => {
      await recordDose(nurse, client.id, { doseMg: 40, kind: 'observed' }).expect(201);
      const res = await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed' }).expect(422);
      expect(res.body.code).toBe('DOSE_EXCEEDS_ORDER');
      await recordDose(nurse, client.id, { doseMg: 20, kind: 'observed' }).expect(201);
      expect((await dosesOf(client.id)).map((dose) => dose.doseMg)).toEqual([40, 20]);
    });

    it('refuses a first part above the whole order with 422 DOSE_EXCEEDS_ORDER', async () => {
      const res = await recordDose(nurse, client.id, { doseMg: 61, kind: 'observed' }).expect(422);
      expect(res.body.code).toBe('DOSE_EXCEEDS_ORDER');
    });

    it('needs no reason for a first part below the order, but one when both parts come to less (422 REASON_REQUIRED)', async () => {
      await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed' }).expect(201);
      const res = await recordDose(nurse, client.id, { doseMg: 20, kind: 'observed' }).expect(422);
      expect(res.body.code).toBe('REASON_REQUIRED');
      await recordDose(nurse, client.id, { doseMg: 20, kind: 'observed', reason: 'asked for less' }).expect(201);
    });
  });

  describe('take-home dispenses', () => {
    it('records a take_home dispense for the days after the clinic day, within the days the order allows', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id, { takeHomeDaysPerWeek: 2 });
      await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
      const res = await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 2 }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        clinicDay: day(),
        doseMg: 60,
        kind: 'take_home',
        coversDays: 2,
        recordedBy: nurse.id,
        recordedAt: expect.any(String),
      });
    });

    it('requires coversDays on a take_home dispense with 400', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id, { takeHomeDaysPerWeek: 2 });
      const res = await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home' }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual(['coversDays']);
    });

    it.each([
      ['coversDays on an observed dose', { kind: 'observed', coversDays: 1 }],
      ['zero days', { kind: 'take_home', coversDays: 0 }],
      ['seven days', { kind: 'take_home', coversDays: 7 }],
      ['a fraction of a day', { kind: 'take_home', coversDays: 1.5 }],
    ])('refuses %s with 400 naming coversDays', async (_what, fields) => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id, { takeHomeDaysPerWeek: 6 });
      const res = await recordDose(nurse, client.id, { doseMg: 60, ...fields }).expect(400);
      expect(fieldsOf(res.body)).toEqual(['coversDays']);
    });

    it('refuses more take-home days than the order allows with 422 TAKE_HOME_NOT_ALLOWED', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id, { takeHomeDaysPerWeek: 2 });
      const res = await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 3 }).expect(422);
      expect(res.body.code).toBe('TAKE_HOME_NOT_ALLOWED');
      expect(await dosesOf(client.id)).toEqual([]);
    });

    it('refuses any take-home dispense under an order without take-home days with 422 TAKE_HOME_NOT_ALLOWED', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id);
      const res = await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 1 }).expect(422);
      expect(res.body.code).toBe('TAKE_HOME_NOT_ALLOWED');
    });

    it('holds a take-home dose to the order: above it 422 DOSE_EXCEEDS_ORDER, below it only with a reason', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id, { takeHomeDaysPerWeek: 2 });
      const above = await recordDose(nurse, client.id, { doseMg: 70, kind: 'take_home', coversDays: 1 }).expect(422);
      expect(above.body.code).toBe('DOSE_EXCEEDS_ORDER');
      const below = await recordDose(nurse, client.id, { doseMg: 50, kind: 'take_home', coversDays: 1 }).expect(422);
      expect(below.body.code).toBe('REASON_REQUIRED');
      await recordDose(nurse, client.id, { doseMg: 50, kind: 'take_home', coversDays: 1, reason: 'tapering' }).expect(201);
    });
  });

  describe('clinic day', () => {
    it('defaults the clinic day to today in the clinic time zone', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id);
      const res = await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
      expect(res.body.clinicDay).toBe(day());
    });

    it('takes a dose up to 7 days back and refuses one 8 days back with 400', async () => {
      const client = await newClient(10);
      await makeDoseOrder(t, physician, client.id, { effectiveDate: day(-10) });
      const res = await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed', clinicDay: day(-7) }).expect(201);
      expect(res.body.clinicDay).toBe(day(-7));
      const tooOld = await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed', clinicDay: day(-8) }).expect(400);
      expect(tooOld.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(tooOld.body)).toEqual(['clinicDay']);
      expect((await dosesOf(client.id)).map((dose) => dose.clinicDay)).toEqual([day(-7)]);
    });

    it('refuses a clinic day ahead of today with 400', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id);
      const res = await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed', clinicDay: day(1) }).expect(400);
      expect(fieldsOf(res.body)).toEqual(['clinicDay']);
      expect(await dosesOf(client.id)).toEqual([]);
    });

    it('refuses a clinic day before the episode began with 400', async () => {
      const client = await newClient(2);
      await makeDoseOrder(t, physician, client.id, { effectiveDate: day(-5) });
      const res = await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed', clinicDay: day(-3) }).expect(400);
      expect(fieldsOf(res.body)).toEqual(['clinicDay']);
    });
  });

  describe('listing doses', () => {
    let client: ClientRecord;

    beforeAll(async () => {
      client = await newClient(5);
      await makeDoseOrder(t, physician, client.id, { effectiveDate: day(-5) });
      for (const offset of [-3, -2, -1, 0]) {
        await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed', clinicDay: day(offset) }).expect(201);
      }
    });

    it('lists every dose by clinic day without from and to', async () => {
      expect((await dosesOf(client.id)).map((dose) => dose.clinicDay)).toEqual([day(-3), day(-2), day(-1), day()]);
    });

    it('lists the doses from and to the given clinic days, both included', async () => {
      expect((await dosesOf(client.id, { from: day(-2), to: day(-1) })).map((dose) => dose.clinicDay)).toEqual([day(-2), day(-1)]);
      expect((await dosesOf(client.id, { from: day(-1) })).map((dose) => dose.clinicDay)).toEqual([day(-1), day()]);
      expect((await dosesOf(client.id, { to: day(-3) })).map((dose) => dose.clinicDay)).toEqual([day(-3)]);
      expect(await dosesOf(client.id, { from: day(-10), to: day(-4) })).toEqual([]);
    });

    it('pages the doses by clinic day, time recorded and id, inside from and to, without gaps or repeats', async () => {
      const paged = await newClient(35);
      // One import writes its doses with one recorded time, to the microsecond; a take-home shares its day with an observed dose.
      const history = Array.from({ length: 35 }, (_, i) => day(i - 35));
      await importDosingHistory(t, coordinator, [
        ...history.map((date): [string, string] => [paged.code, date]),
        ...history.filter((_, i) => i % 5 === 2).map((date): [string, string, 'take_home'] => [paged.code, date, 'take_home']),
      ]);
      await makeDoseOrder(t, physician, paged.id, { effectiveDate: day() });
      await recordDose(nurse, paged.id, { doseMg: 60, kind: 'observed' }).expect(201);
      const [from, to] = [day(-30), day()];
      const expected = await t.dataSource.query<Array<{ id: string }>>(
        `SELECT id FROM dosing_visit WHERE client_id = $1 AND clinic_day BETWEEN $2 AND $3 ORDER BY clinic_day, recorded_at, id`,
        [paged.id, from, to],
      );
      expect(expected.length).toBeGreaterThan(4 * 8);

      const pages = await readPages<Dose>(t, nurse, `/api/v1/clients/${paged.id}/doses`, 4, { from, to });
      const listed = pages.flatMap((page) => page.items);
      expect(listed.map((dose) => dose.id)).toEqual(expected.map((row) => row.id));
      expect(listed.every((dose) => dose.clinicDay >= from && dose.clinicDay <= to)).toBe(true);
      expect(pages.slice(0, -1).every((page) => page.items.length === 4 && page.nextCursor !== null)).toBe(true);
      expect(pages[pages.length - 1].nextCursor).toBeNull();
    });

    it('refuses a cursor it did not give out with 400', async () => {
      const cursors = ['2026-01-01|2026-01-01T25:00:00.000000Z', '2026-01-01|2026-01-01T00:00:00.000Z', '2026-01-01'].flatMap(
        forgedCursors,
      );
      for (const cursor of cursors) {
        const res = await t.http.get(`/api/v1/clients/${client.id}/doses`).query({ cursor }).set(nurse.auth).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(fieldsOf(res.body)).toEqual(['cursor']);
      }
    });

    it('refuses from after to with 400', async () => {
      const res = await t.http
        .get(`/api/v1/clients/${client.id}/doses`)
        .query({ from: day(-1), to: day(-2) })
        .set(nurse.auth)
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it.each([
      ['from', { from: '2026-02-30' }],
      ['to', { to: 'yesterday' }],
    ])('refuses a %s that is not a date with 400', async (field, query) => {
      const res = await t.http.get(`/api/v1/clients/${client.id}/doses`).query(query).set(nurse.auth).expect(400);
      expect(fieldsOf(res.body)).toEqual([field]);
    });
  });

  describe('dosing status', () => {
    it('answers { clinicDay, lastDoseDay, consecutiveMissedDays, flag, activeOrder } before and after the first dose', async () => {
      const client = await newClient();
      const order = await makeDoseOrder(t, physician, client.id, { takeHomeDaysPerWeek: 1 });
      const before = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(nurse.auth).expect(200);
      expect(before.body).toEqual({
        clinicDay: day(),
        lastDoseDay: null,
        consecutiveMissedDays: 0,
        flag: 'ok',
        activeOrder: activeOrderOf(order),
        orderSuspended: false,
        assessmentRequired: false,
        givenTodayMg: 0,
        remainingTodayMg: 60,
        coveredUntil: null,
        drugTestDue: false,
        guest: null,
      });
      await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
      const after = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(physician.auth).expect(200);
      expect(after.body).toEqual({ ...before.body, lastDoseDay: day(), givenTodayMg: 60, remainingTodayMg: 0, coveredUntil: day() });
    });

    it('shows a client without an order with activeOrder null', async () => {
      const client = await newClient();
      const res = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(coordinator.auth).expect(200);
      expect(res.body).toMatchObject({ flag: 'ok', consecutiveMissedDays: 0, activeOrder: null });
    });
  });

  describe('the dispensing window list (GET /dosing/today)', () => {
    let windowClinic: ClinicRecord;
    let windowCoordinator: SignedIn;
    let windowNurse: SignedIn;
    let windowPhysician: SignedIn;
    let dosed: ClientRecord;
    let waiting: ClientRecord;
    let unordered: ClientRecord;
    let discharged: ClientRecord;
    let dosedOrder: {
      id: string;
      doseMg: number;
      effectiveDate: string;
      splitDose: boolean;
      takeHomeDaysPerWeek: number;
      note: string | null;
    };

    beforeAll(async () => {
      windowClinic = await makeClinic(t, admin);
      await drawNoDrugTests(t, admin, windowClinic.id);
      windowCoordinator = await makeStaff(t, admin, Role.Coordinator, windowClinic.id);
      windowNurse = await makeStaff(t, admin, Role.Nurse, windowClinic.id);
      windowPhysician = await makeStaff(t, admin, Role.Physician, windowClinic.id);
      const register = (preferredName: string) => makeClient(t, windowCoordinator, { intakeDate: day(), preferredName });
      dosed = await register('Ming');
      waiting = await register('Hua');
      unordered = await register('Lan');
      discharged = await register('Gone');
      dosedOrder = await makeDoseOrder(t, windowPhysician, dosed.id, { doseMg: 55 });
      await makeDoseOrder(t, windowPhysician, waiting.id);
      await makeDoseOrder(t, windowPhysician, discharged.id);
      await recordDose(windowNurse, dosed.id, { doseMg: 55, kind: 'observed' }).expect(201);
      await t.http
        .post(`/api/v1/clients/${discharged.id}/discharge`)
        .set(windowCoordinator.auth)
        .send({ date: day(), reason: 'transferred' })
        .expect(200);
    });

    it("lists the clinic's active clients with their flag, missed days, active order and whether today is dosed", async () => {
      const res = await t.http.get('/api/v1/dosing/today').set(windowNurse.auth).expect(200);
      expect(res.body.clinicDay).toBe(day());
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items.map((item: { clientId: string }) => item.clientId)).toEqual([dosed.id, waiting.id, unordered.id]);
      expect(res.body.items[0]).toEqual({
        clientId: dosed.id,
        code: dosed.code,
        preferredName: 'Ming',
        givenName: expect.any(String),
        familyName: expect.any(String),
        dateOfBirth: expect.any(String),
        hasPhoto: false,
        flag: 'ok',
        consecutiveMissedDays: 0,
        activeOrder: activeOrderOf(dosedOrder),
        orderSuspended: false,
        assessmentRequired: false,
        givenTodayMg: 55,
        remainingTodayMg: 0,
        dosed: true,
        coveredUntil: day(),
        drugTestDue: false,
        guest: null,
        guestAt: null,
      });
      expect(res.body.items[1]).toMatchObject({
        clientId: waiting.id,
        preferredName: 'Hua',
        dosed: false,
        activeOrder: expect.any(Object),
      });
      expect(res.body.items[2]).toMatchObject({ clientId: unordered.id, dosed: false, activeOrder: null });
    });

    it('pages with limit and cursor', async () => {
      const first = await t.http.get('/api/v1/dosing/today').query({ limit: 2 }).set(windowPhysician.auth).expect(200);
      expect(first.body.items.map((item: { clientId: string }) => item.clientId)).toEqual([dosed.id, waiting.id]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t.http
        .get('/api/v1/dosing/today')
        .query({ limit: 2, cursor: first.body.nextCursor })
        .set(windowPhysician.auth)
        .expect(200);
      expect(second.body.items.map((item: { clientId: string }) => item.clientId)).toEqual([unordered.id]);
      expect(second.body.nextCursor).toBeNull();
    });

    it('refuses a limit above 200 or a malformed cursor with 400', async () => {
      await t.http.get('/api/v1/dosing/today').query({ limit: 201 }).set(windowNurse.auth).expect(400);
      await t.http.get('/api/v1/dosing/today').query({ cursor: '%%%not-a-cursor' }).set(windowNurse.auth).expect(400);
    });

    it('answers the coordinator too, and shows no client of another clinic', async () => {
      const res = await t.http.get('/api/v1/dosing/today').set(windowCoordinator.auth).expect(200);
      expect(res.body.items).toHaveLength(3);
      const elsewhere = await t.http.get('/api/v1/dosing/today').query({ limit: 200 }).set(nurse.auth).expect(200);
      const ids = elsewhere.body.items.map((item: { clientId: string }) => item.clientId);
      for (const client of [dosed, waiting, unordered, discharged]) expect(ids).not.toContain(client.id);
    });

    it.each([
      ['a counselor', () => counselor],
      ['a peer leader', () => peerLeader],
    ])('refuses %s with 403', async (_who, who) => {
      const res = await t.http.get('/api/v1/dosing/today').set(who().auth).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });
  });

  describe('idempotent retries', () => {
    it('records one dose for the same Idempotency-Key and body sent twice and answers the same both times', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id);
      const body = { doseMg: 60, kind: 'observed' };
      const first = await recordDose(nurse, client.id, body).set('Idempotency-Key', 'window-1-dose').expect(201);
      const retry = await recordDose(nurse, client.id, body).set('Idempotency-Key', 'window-1-dose').expect(201);
      expect(retry.body).toEqual(first.body);
      expect(await dosesOf(client.id)).toEqual([listed(first.body as Dose, 'Test nurse')]);
    });

    it('refuses the same Idempotency-Key with a different body with 422 and records nothing more', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id, { splitDose: true });
      const first = await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed' }).set('Idempotency-Key', 'split-part').expect(201);
      const res = await recordDose(nurse, client.id, { doseMg: 29, kind: 'observed' }).set('Idempotency-Key', 'split-part').expect(422);
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await dosesOf(client.id)).toEqual([listed(first.body as Dose, 'Test nurse')]);
    });

    it('records a new dose for a new key', async () => {
      const client = await newClient();
      await makeDoseOrder(t, physician, client.id, { splitDose: true });
      await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed' }).set('Idempotency-Key', 'part-1').expect(201);
      await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed' }).set('Idempotency-Key', 'part-2').expect(201);
      expect(await dosesOf(client.id)).toHaveLength(2);
    });
  });

  describe('access', () => {
    let client: ClientRecord;

    beforeAll(async () => {
      client = await newClient();
      await makeDoseOrder(t, physician, client.id);
      await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
    });

    const readRoutes = (id: string) => [
      `/api/v1/clients/${id}/dose-orders`,
      `/api/v1/clients/${id}/doses`,
      `/api/v1/clients/${id}/dosing-status`,
    ];

    it("answers 404 on a client's dosing routes to a counselor not on the care team, and 200 once on it", async () => {
      const outsider = await makeStaff(t, admin, Role.Counselor, clinic.id);
      for (const path of readRoutes(client.id)) {
        const res = await t.http.get(path).set(outsider.auth).expect(404);
        expect(res.body.code).toBe('NOT_FOUND');
      }
      await addToCareTeam(t, coordinator, client.id, outsider);
      for (const path of readRoutes(client.id)) await t.http.get(path).set(outsider.auth).expect(200);
    });

    it('answers 404 to a nurse on every dosing route of a discharged client, while the physician still reads them', async () => {
      const gone = await newClient();
      await makeDoseOrder(t, physician, gone.id);
      await recordDose(nurse, gone.id, { doseMg: 60, kind: 'observed' }).expect(201);
      await t.http
        .post(`/api/v1/clients/${gone.id}/discharge`)
        .set(coordinator.auth)
        .send({ date: day(), reason: 'completed' })
        .expect(200);
      for (const path of readRoutes(gone.id)) {
        await t.http.get(path).set(nurse.auth).expect(404);
        await t.http.get(path).set(physician.auth).expect(200);
      }
      await recordDose(nurse, gone.id, { doseMg: 60, kind: 'observed', clinicDay: day() }).expect(404);
    });

    it("answers 404 on every dosing route to another clinic's staff", async () => {
      for (const who of [otherNurse, otherPhysician, otherCoordinator]) {
        for (const path of readRoutes(client.id)) await t.http.get(path).set(who.auth).expect(404);
      }
      await t.http
        .post(`/api/v1/clients/${client.id}/dose-orders`)
        .set(otherPhysician.auth)
        .send({ doseMg: 60, effectiveDate: day() })
        .expect(404);
      for (const who of [otherNurse, otherPhysician]) {
        await recordDose(who, client.id, { doseMg: 60, kind: 'observed', clinicDay: day(-1) }).expect(404);
      }
      expect(await dosesOf(client.id)).toHaveLength(1);
    });

    it("refuses a peer leader the client's dosing routes with 403", async () => {
      for (const path of readRoutes(client.id)) await t.http.get(path).set(peerLeader.auth).expect(403);
    });

    it('answers 404 for a client id that does not exist, as for one the caller may not see', async () => {
      for (const path of readRoutes('00000000-0000-4000-8000-000000000000')) await t.http.get(path).set(nurse.auth).expect(404);
    });
  });
});
