import { Role } from '@tongban/platform';
import { ClientRecord, clinicDay, makeClient, makeClinic, makeDoseOrder, makeStaff, pinClock, signInAdmin, SignedIn } from './factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Take-home dispenses are safe under concurrency: one per client and clinic
 * day, never over a covered day, never more take-home days in 7 than the
 * order allows. Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
describe('take-home dispenses', () => {
  let t: TestApp;
  let coordinator: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;
  let secondNurse: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    physician = await makeStaff(t, admin, Role.Physician, clinic.id);
    nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
    secondNurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
  });
  afterAll(() => t.close());

  function day(offset = 0): string {
    return clinicDay(t, offset);
  }

  function recordDose(who: SignedIn, clientId: string, body: Record<string, unknown>) {
    return t.http.post(`/api/v1/clients/${clientId}/doses`).set(who.auth).send(body);
  }

  /** A client admitted `intakeDaysAgo` days ago with a 60 mg order from then allowing `takeHomeDaysPerWeek`. */
  async function clientWithOrder(takeHomeDaysPerWeek: number, intakeDaysAgo = 0): Promise<ClientRecord> {
    const client = await makeClient(t, coordinator, { intakeDate: day(-intakeDaysAgo) });
    await makeDoseOrder(t, physician, client.id, { takeHomeDaysPerWeek, effectiveDate: day(-intakeDaysAgo) });
    return client;
  }

  async function rowsOf(clientId: string): Promise<{ visits: number; doseEvents: number; takeHomeMg: number }> {
    const [row] = await t.dataSource.query<Array<{ visits: number; dose_events: number; take_home_mg: number }>>(
      `SELECT (SELECT count(*)::int FROM dosing_visit WHERE client_id = $1) AS visits,
              (SELECT count(*)::int FROM audit_event WHERE client_id = $1 AND action = 'dose.record') AS dose_events,
              (SELECT coalesce(sum(dose_mg * covers_days), 0)::float8 FROM dosing_visit WHERE client_id = $1 AND kind = 'take_home') AS take_home_mg`,
      [clientId],
    );
    return { visits: row.visits, doseEvents: row.dose_events, takeHomeMg: row.take_home_mg };
  }

  it('accepts exactly one of 50 simultaneous take-home dispenses for one client and day: one 201, one row, one audit event', async () => {
    const client = await clientWithOrder(2);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        recordDose(i % 2 === 0 ? nurse : secondNurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 2 }),
      ),
    );
    expect(answers.filter((res) => res.status === 201)).toHaveLength(1);
    const refused = answers.filter((res) => res.status !== 201);
    expect(new Set(refused.map((res) => `${res.status} ${res.body.code}`))).toEqual(new Set(['409 DOSE_ALREADY_GIVEN']));
    expect(await rowsOf(client.id)).toEqual({ visits: 1, doseEvents: 1, takeHomeMg: 120 });
    const verify = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
    expect(verify.body).toMatchObject({ ok: true, firstBrokenId: null });
  });

  it('refuses a second take-home dispense on the same clinic day with 409 DOSE_ALREADY_GIVEN, even for other days', async () => {
    const client = await clientWithOrder(6);
    await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 1 }).expect(201);
    const res = await recordDose(secondNurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 1 }).expect(409);
    expect(res.body.code).toBe('DOSE_ALREADY_GIVEN');
    expect((await rowsOf(client.id)).visits).toBe(1);
  });

  it('refuses a dispense covering a day an earlier dispense covers with 422 TAKE_HOME_NOT_ALLOWED', async () => {
    const client = await clientWithOrder(6, 1);
    await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 2, clinicDay: day(-1) }).expect(201);
    // Yesterday's dispense covers today and tomorrow: today's dispense for tomorrow and the day after overlaps tomorrow.
    const res = await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 2 }).expect(422);
    expect(res.body.code).toBe('TAKE_HOME_NOT_ALLOWED');
    expect((await rowsOf(client.id)).visits).toBe(1);
  });

  it('refuses a dispense covering a day with an observed dose with 422 TAKE_HOME_NOT_ALLOWED', async () => {
    const client = await clientWithOrder(6, 1);
    await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
    const res = await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 1, clinicDay: day(-1) }).expect(422);
    expect(res.body.code).toBe('TAKE_HOME_NOT_ALLOWED');
    expect((await rowsOf(client.id)).visits).toBe(1);
  });

  it('holds the take-home days of any 7 days to the order across several dispenses', async () => {
    const client = await clientWithOrder(2, 7);
    await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 1, clinicDay: day(-6) }).expect(201);
    await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 1, clinicDay: day(-4) }).expect(201);
    // Days -5 and -3 are covered: a third day within the same 7 is one too many.
    const third = await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 1, clinicDay: day(-2) }).expect(422);
    expect(third.body.code).toBe('TAKE_HOME_NOT_ALLOWED');
    // Today's dispense covers tomorrow, which still shares 7 days (day -5 to tomorrow) with days -5 and -3.
    const today = await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 1 }).expect(422);
    expect(today.body.code).toBe('TAKE_HOME_NOT_ALLOWED');
    expect((await rowsOf(client.id)).visits).toBe(2);
  });

  it('lets a dispense cover up to the order in 7 days when nothing else is taken home', async () => {
    const client = await clientWithOrder(3);
    await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
    await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 3 }).expect(201);
    expect(await rowsOf(client.id)).toMatchObject({ visits: 2, takeHomeMg: 180 });
  });

  it('keeps one observed dose a day whatever the take-home dispenses', async () => {
    const client = await clientWithOrder(1);
    await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 1 }).expect(201);
    await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
    const res = await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(409);
    expect(res.body.code).toBe('DOSE_ALREADY_GIVEN');
  });
});
