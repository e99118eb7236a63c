import { Role } from '@tongban/platform';
import { clinicDay, drawNoDrugTests, makeClient, makeClinic, makeDoseOrder, makeStaff, pinClock, SignedIn, signInAdmin } from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { DAY } from './support/test-clock';

/** GET /clients/:id/dosing-status: the explicit fields the window reads instead of re-deriving a rule. */
describe('dosing status for the window', () => {
  let t: TestApp;
  let coordinator: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    // Its answers are compared whole: `drugTestDue` must not hang on the day drawn at random.
    await drawNoDrugTests(t, admin, clinic.id);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    physician = await makeStaff(t, admin, Role.Physician, clinic.id);
    nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
  });
  afterAll(() => t.close());

  function day(offset = 0): string {
    return clinicDay(t, offset);
  }

  function recordDose(clientId: string, body: Record<string, unknown>) {
    return t.http.post(`/api/v1/clients/${clientId}/doses`).set(nurse.auth).send(body);
  }

  async function statusOf(clientId: string): Promise<Record<string, unknown>> {
    return (await t.http.get(`/api/v1/clients/${clientId}/dosing-status`).set(nurse.auth).expect(200)).body as Record<string, unknown>;
  }

  it('says what may be given before the first dose, with the order and its note', async () => {
    const client = await makeClient(t, coordinator, { intakeDate: day() });
    const order = await makeDoseOrder(t, physician, client.id, { doseMg: 60, note: 'check pupils' });
    expect(await statusOf(client.id)).toEqual({
      clinicDay: day(),
      lastDoseDay: null,
      consecutiveMissedDays: 0,
      flag: 'ok',
      activeOrder: { id: order.id, doseMg: 60, effectiveDate: day(), splitDose: false, takeHomeDaysPerWeek: 0, note: 'check pupils' },
      orderSuspended: false,
      assessmentRequired: false,
      givenTodayMg: 0,
      remainingTodayMg: 60,
      coveredUntil: null,
      drugTestDue: false,
      guest: null,
    });
  });

  it('counts a split dose part by part: given and remaining today', async () => {
    const client = await makeClient(t, coordinator, { intakeDate: day() });
    await makeDoseOrder(t, physician, client.id, { doseMg: 60, splitDose: true });
    await recordDose(client.id, { doseMg: 25, kind: 'observed' }).expect(201);
    expect(await statusOf(client.id)).toMatchObject({ givenTodayMg: 25, remainingTodayMg: 35, coveredUntil: day() });
    await recordDose(client.id, { doseMg: 35, kind: 'observed' }).expect(201);
    expect(await statusOf(client.id)).toMatchObject({ givenTodayMg: 60, remainingTodayMg: 0 });
  });

  it('shows take-home coverage as coveredUntil, and nothing to give on a day a take-home covers', async () => {
    const client = await makeClient(t, coordinator, { intakeDate: day() });
    await makeDoseOrder(t, physician, client.id, { doseMg: 60, takeHomeDaysPerWeek: 2 });
    await recordDose(client.id, { doseMg: 60, kind: 'observed' }).expect(201);
    await recordDose(client.id, { doseMg: 60, kind: 'take_home', coversDays: 2 }).expect(201);
    expect(await statusOf(client.id)).toMatchObject({ coveredUntil: day(2), givenTodayMg: 60, remainingTodayMg: 0 });
    // The window's list says the same of the client.
    const listed = async () =>
      ((await t.http.get('/api/v1/dosing/today').query({ q: client.code }).set(nurse.auth).expect(200)).body.items as object[])[0];
    expect(await listed()).toMatchObject({ coveredUntil: day(2), dosed: true });
    t.clock.advance(DAY);
    expect(await listed()).toMatchObject({ coveredUntil: day(1), dosed: true });
    expect(await statusOf(client.id)).toMatchObject({
      coveredUntil: day(1),
      givenTodayMg: 0,
      remainingTodayMg: 0,
      consecutiveMissedDays: 0,
    });
  });

  it('says the order is suspended after 5 missed days and that an assessment is needed, until a re-order and a dose', async () => {
    const client = await makeClient(t, coordinator, { intakeDate: day() });
    await makeDoseOrder(t, physician, client.id);
    await recordDose(client.id, { doseMg: 60, kind: 'observed' }).expect(201);
    for (let i = 0; i < 3 + 1; i++) t.clock.advance(DAY);
    expect(await statusOf(client.id)).toMatchObject({ flag: 'assess', orderSuspended: false, assessmentRequired: true });
    for (let i = 0; i < 2; i++) t.clock.advance(DAY);
    expect(await statusOf(client.id)).toMatchObject({ flag: 'retitrate', orderSuspended: true, assessmentRequired: true });
    await makeDoseOrder(t, physician, client.id, { doseMg: 40 });
    expect(await statusOf(client.id)).toMatchObject({ orderSuspended: false, assessmentRequired: true, remainingTodayMg: 40 });
    await recordDose(client.id, { doseMg: 40, kind: 'observed', assessmentNote: 'assessed' }).expect(201);
    expect(await statusOf(client.id)).toMatchObject({ flag: 'ok', orderSuspended: false, assessmentRequired: false, givenTodayMg: 40 });
  });
});
