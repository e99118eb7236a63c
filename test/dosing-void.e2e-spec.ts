import { Role } from '@tongban/platform';
import { ClientRecord, clinicDay, makeClient, makeClinic, makeDoseOrder, makeStaff, pinClock, signInAdmin, SignedIn } from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { DAY } from './support/test-clock';

interface ListedDose {
  id: string;
  clinicDay: string;
  doseMg: number;
  kind: string;
  part: number;
  coversDays: number;
  reason: string | null;
  assessmentNote: string | null;
  recordedBy: { id: string; displayName: string | null } | null;
  recordedAt: string;
  voided: boolean;
  voidReason: string | null;
}

/**
 * Voiding a dose recorded in error: who may, when, what a voided dose no
 * longer covers, and the dose history that shows it. The clock only moves
 * forward; each test makes its own clients.
 */
describe('voiding doses', () => {
  let t: TestApp;
  let coordinator: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;
  let otherNurse: SignedIn;
  let counselor: SignedIn;
  let foreignPhysician: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const otherClinic = await makeClinic(t, admin);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    physician = await makeStaff(t, admin, Role.Physician, clinic.id);
    nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
    otherNurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
    counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
    foreignPhysician = await makeStaff(t, admin, Role.Physician, otherClinic.id);
  });
  afterAll(() => t.close());

  function day(offset = 0): string {
    return clinicDay(t, offset);
  }

  function recordDose(who: SignedIn, clientId: string, body: Record<string, unknown>) {
    return t.http.post(`/api/v1/clients/${clientId}/doses`).set(who.auth).send(body);
  }

  function voidDose(who: SignedIn, clientId: string, doseId: string, body: Record<string, unknown> = { reason: 'wrong client' }) {
    return t.http.post(`/api/v1/clients/${clientId}/doses/${doseId}/void`).set(who.auth).send(body);
  }

  async function dosesOf(clientId: string): Promise<ListedDose[]> {
    const res = await t.http.get(`/api/v1/clients/${clientId}/doses`).set(nurse.auth).expect(200);
    return res.body.items as ListedDose[];
  }

  async function clientWithOrder(fields: Record<string, unknown> = {}): Promise<ClientRecord> {
    const client = await makeClient(t, coordinator, { intakeDate: day() });
    await makeDoseOrder(t, physician, client.id, fields);
    return client;
  }

  it('lets the nurse who recorded a dose void it the same clinic day, answering 200 with the voided dose', async () => {
    const client = await clientWithOrder();
    const dose = (await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201)).body as { id: string };
    const res = await voidDose(nurse, client.id, dose.id, { reason: 'recorded for the wrong client' }).expect(200);
    expect(res.body).toEqual({
      id: dose.id,
      clinicDay: day(),
      doseMg: 60,
      kind: 'observed',
      part: 1,
      coversDays: 0,
      reason: null,
      assessmentNote: null,
      recordedBy: { id: nurse.id, displayName: 'Test nurse' },
      recordedAt: expect.any(String),
      voided: true,
      voidReason: 'recorded for the wrong client',
    });
    const events = await t.dataSource.query<Array<{ actor_id: string }>>(
      `SELECT actor_id FROM audit_event WHERE action = 'dose.void' AND target_id = $1`,
      [dose.id],
    );
    expect(events).toEqual([{ actor_id: nurse.id }]);
  });

  it('re-opens a voided day: the day is not covered, and the right dose can be recorded', async () => {
    const client = await clientWithOrder();
    const dose = (await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201)).body as { id: string };
    await voidDose(nurse, client.id, dose.id).expect(200);
    const status = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(nurse.auth).expect(200);
    expect(status.body.lastDoseDay).toBeNull();
    await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
    const doses = await dosesOf(client.id);
    expect(doses.map((d) => d.voided)).toEqual([true, false]);
  });

  it('re-opens the days a voided take-home dispense covered, so the dispense can be recorded again', async () => {
    const client = await clientWithOrder({ takeHomeDaysPerWeek: 2 });
    const dose = (await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 2 }).expect(201)).body as { id: string };
    await voidDose(physician, client.id, dose.id, { reason: 'wrong number of days' }).expect(200);
    await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 2 }).expect(201);
  });

  it('counts a voided dose as missed once the day has passed', async () => {
    const client = await makeClient(t, coordinator, { intakeDate: day(-1) });
    await makeDoseOrder(t, physician, client.id, { effectiveDate: day(-1) });
    await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed', clinicDay: day(-1) }).expect(201);
    const today = (await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201)).body as { id: string };
    t.clock.advance(DAY);
    await voidDose(coordinator, client.id, today.id, { reason: 'the client did not come' }).expect(200);
    const status = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(nurse.auth).expect(200);
    expect(status.body).toMatchObject({ lastDoseDay: day(-2), consecutiveMissedDays: 1 });
  });

  it('refuses a nurse voiding another nurse’s dose with 403 FORBIDDEN', async () => {
    const client = await clientWithOrder();
    const dose = (await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201)).body as { id: string };
    const res = await voidDose(otherNurse, client.id, dose.id).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect((await dosesOf(client.id))[0].voided).toBe(false);
  });

  it('refuses the recording nurse on a later clinic day with 403, and lets a physician and the coordinator void it then', async () => {
    const first = await clientWithOrder();
    const second = await clientWithOrder();
    const a = (await recordDose(nurse, first.id, { doseMg: 60, kind: 'observed' }).expect(201)).body as { id: string };
    const b = (await recordDose(nurse, second.id, { doseMg: 60, kind: 'observed' }).expect(201)).body as { id: string };
    t.clock.advance(DAY);
    expect((await voidDose(nurse, first.id, a.id).expect(403)).body.code).toBe('FORBIDDEN');
    await voidDose(physician, first.id, a.id).expect(200);
    await voidDose(coordinator, second.id, b.id).expect(200);
  });

  it('refuses to void a dose twice with 409 DOSE_ALREADY_VOIDED and writes no second event', async () => {
    const client = await clientWithOrder();
    const dose = (await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201)).body as { id: string };
    await voidDose(nurse, client.id, dose.id).expect(200);
    const res = await voidDose(physician, client.id, dose.id).expect(409);
    expect(res.body.code).toBe('DOSE_ALREADY_VOIDED');
    const [row] = await t.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'dose.void' AND target_id = $1`,
      [dose.id],
    );
    expect(row.n).toBe(1);
  });

  it('refuses a counselor with 403, and answers 404 for another clinic, another client’s dose or no such dose', async () => {
    const client = await clientWithOrder();
    const other = await clientWithOrder();
    const dose = (await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201)).body as { id: string };
    await voidDose(counselor, client.id, dose.id).expect(403);
    await voidDose(foreignPhysician, client.id, dose.id).expect(404);
    await voidDose(physician, other.id, dose.id).expect(404);
    await voidDose(physician, client.id, '00000000-0000-4000-8000-000000000000').expect(404);
    expect((await dosesOf(client.id))[0].voided).toBe(false);
  });

  it.each([
    ['no reason', {}],
    ['a blank reason', { reason: '   ' }],
    ['an unknown field', { reason: 'typo', extra: 1 }],
  ])('refuses %s with 400', async (_what, body) => {
    const client = await clientWithOrder();
    const dose = (await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201)).body as { id: string };
    const res = await voidDose(nurse, client.id, dose.id, body).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('lists each dose with its part, notes, who recorded it and whether it was voided', async () => {
    const client = await clientWithOrder({ splitDose: true });
    await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed' }).expect(201);
    await recordDose(physician, client.id, { doseMg: 20, kind: 'observed', reason: 'asked for less' }).expect(201);
    const doses = await dosesOf(client.id);
    expect(doses.map(({ part, reason, recordedBy, voided, voidReason }) => ({ part, reason, recordedBy, voided, voidReason }))).toEqual([
      { part: 1, reason: null, recordedBy: { id: nurse.id, displayName: 'Test nurse' }, voided: false, voidReason: null },
      {
        part: 2,
        reason: 'asked for less',
        recordedBy: { id: physician.id, displayName: 'Test physician' },
        voided: false,
        voidReason: null,
      },
    ]);
  });

  it('frees a split order’s part when it is voided: the sum is held to the live parts', async () => {
    const client = await clientWithOrder({ splitDose: true });
    const first = (await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed' }).expect(201)).body as { id: string };
    await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed' }).expect(201);
    // Part 1 was the wrong amount: voided, it no longer counts, and its number is free for the right one.
    await voidDose(nurse, client.id, first.id).expect(200);
    expect((await recordDose(nurse, client.id, { doseMg: 31, kind: 'observed' }).expect(422)).body.code).toBe('DOSE_EXCEEDS_ORDER');
    await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed' }).expect(201);
    expect((await dosesOf(client.id)).map((d) => [d.part, d.voided])).toEqual([
      [1, true],
      [2, false],
      [1, false],
    ]);
    expect((await recordDose(nurse, client.id, { doseMg: 1, kind: 'observed' }).expect(409)).body.code).toBe('DOSE_ALREADY_GIVEN');
  });
});
