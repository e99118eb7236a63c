import { Role } from '@tongban/platform';
import { makeClient, makeClinic, makeStaff, signInAdmin, SignedIn } from './factories';
import { DAY } from './support/test-clock';
import { startTestApp, TestApp } from './support/test-app';

const HEADER = 'client_code,clinic_day,dose_mg,kind';

describe('dosing history import', () => {
  let t: TestApp;
  let coordinator: SignedIn;
  let nurse: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-06-30T04:00:00Z');
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
  });
  afterAll(() => t.close());

  function post(csv: string, who: SignedIn = coordinator, type = 'text/csv') {
    return t.http.post('/api/v1/imports/dosing-history').set(who.auth).set('Content-Type', type).send(csv);
  }

  function days(from: string, count: number): string[] {
    const start = Date.parse(`${from}T00:00:00Z`);
    return Array.from({ length: count }, (_, i) => new Date(start + i * DAY).toISOString().slice(0, 10));
  }

  it('imports every row, and the doses count as dosing from then on', async () => {
    const client = await makeClient(t, coordinator, { intakeDate: '2026-06-01' });
    const rows = days('2026-06-01', 29).map((day, i) => `${client.code},${day},60,${i % 7 === 6 ? 'take_home' : 'observed'}`);
    const res = await post([HEADER, ...rows].join('\n')).expect(200);
    expect(res.body).toEqual({ imported: 29 });
    const doses = await t.http.get(`/api/v1/clients/${client.id}/doses`).set(nurse.auth).expect(200);
    expect(doses.body.items).toHaveLength(29);
    const status = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(nurse.auth).expect(200);
    expect(status.body).toMatchObject({ clinicDay: '2026-06-30', lastDoseDay: '2026-06-29', consecutiveMissedDays: 0, flag: 'ok' });
  });

  it('imports nothing when any row fails, and lists the failing rows', async () => {
    const client = await makeClient(t, coordinator, { intakeDate: '2026-06-10' });
    const csv = [
      HEADER,
      `${client.code},2026-06-10,60,observed`,
      `XX99-000001,2026-06-11,60,observed`,
      `${client.code},2026-07-05,60,observed`,
      `${client.code},2026-06-01,60,observed`,
      `${client.code},2026-06-12,sixty,observed`,
      `${client.code},2026-06-13,60,injected`,
      `${client.code},2026-06-31,60,observed`,
      `${client.code},2026-06-10,50,observed`,
      `${client.code},2026-06-14,60`,
    ].join('\n');
    const res = await post(csv).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'row 3',
      'row 4',
      'row 5',
      'row 6',
      'row 7',
      'row 8',
      'row 9',
      'row 10',
    ]);
    expect(res.body.errors[0].message).toMatch(/no client with code/);
    expect(res.body.errors[7].message).toMatch(/4 columns/);
    // Each reason also as a key with its limits, for the web app to word in its user's language.
    expect(res.body.errors.map(({ key, limits }: { key: string; limits?: object }) => ({ key, limits }))).toEqual([
      { key: 'unknownClient', limits: { code: 'XX99-000001' } },
      { key: 'future', limits: undefined },
      { key: 'beforeIntake', limits: { intake: '2026-06-10' } },
      { key: 'doseRange', limits: { max: 500 } },
      { key: 'oneOf', limits: { values: ['observed', 'take_home'] } },
      { key: 'date', limits: undefined },
      { key: 'secondObserved', limits: undefined },
      { key: 'columns', limits: { expected: 4, found: 3 } },
    ]);
    const doses = await t.http.get(`/api/v1/clients/${client.id}/doses`).set(nurse.auth).expect(200);
    expect(doses.body).toEqual({ items: [], nextCursor: null });
  });

  it('refuses an observed dose that is recorded already', async () => {
    const client = await makeClient(t, coordinator, { intakeDate: '2026-06-10' });
    await post([HEADER, `${client.code},2026-06-10,60,observed`].join('\n')).expect(200);
    const res = await post([HEADER, `${client.code},2026-06-11,60,observed`, `${client.code},2026-06-10,60,observed`].join('\n')).expect(
      400,
    );
    expect(res.body.errors).toEqual([
      { field: 'row 3', message: 'an observed dose is recorded for this client and day already', key: 'observedRecorded' },
    ]);
  });

  it('ends an episode at a drop-out gap in the history and starts the next on the dose after it', async () => {
    const client = await makeClient(t, coordinator, { intakeDate: '2026-03-01' });
    const before = days('2026-03-01', 10);
    const after = days('2026-05-01', 5);
    await post([HEADER, ...[...before, ...after].map((day) => `${client.code},${day},40,observed`)].join('\n')).expect(200);
    // The history then stops: by today (2026-06-30) the client has dropped out again, read from the records, and the
    // first read (these episodes) shows it: the second episode ends on its last dose day.
    const episodes = await t.http.get(`/api/v1/clients/${client.id}/episodes`).set(coordinator.auth).expect(200);
    expect(episodes.body.map(({ startDate, endDate, endReason }: Record<string, unknown>) => ({ startDate, endDate, endReason }))).toEqual([
      { startDate: '2026-03-01', endDate: '2026-03-10', endReason: 'dropout' },
      { startDate: '2026-05-01', endDate: '2026-05-05', endReason: 'dropout' },
    ]);
    const status = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(coordinator.auth).expect(200);
    expect(status.body.flag).toBe('dropped_out');
    const record = await t.http.get(`/api/v1/clients/${client.id}`).set(coordinator.auth).expect(200);
    expect(record.body.status).toBe('dropped_out');
  });

  it('keeps a client registered with a past intake in treatment until the history arrives, and the history decides what follows', async () => {
    // Registered with a past intake; the dispensing window reads the client before the paper history is in: the days before
    // registration are on paper, not missed.
    const client = await makeClient(t, coordinator, { intakeDate: '2026-04-01' });
    const early = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(coordinator.auth).expect(200);
    expect(early.body).toMatchObject({ flag: 'ok', lastDoseDay: null, consecutiveMissedDays: 0 });
    const open = await t.http.get(`/api/v1/clients/${client.id}/episodes`).set(coordinator.auth).expect(200);
    expect(open.body).toMatchObject([{ startDate: '2026-04-01', endDate: null, endReason: null }]);

    const history = days('2026-04-01', 90).filter((day) => day < '2026-06-30');
    await post([HEADER, ...history.map((day) => `${client.code},${day},50,observed`)].join('\n')).expect(200);

    const episodes = await t.http.get(`/api/v1/clients/${client.id}/episodes`).set(coordinator.auth).expect(200);
    expect(episodes.body.map(({ startDate, endDate, endReason }: Record<string, unknown>) => ({ startDate, endDate, endReason }))).toEqual([
      { startDate: '2026-04-01', endDate: null, endReason: null },
    ]);
    const record = await t.http.get(`/api/v1/clients/${client.id}`).set(coordinator.auth).expect(200);
    expect(record.body.status).toBe('active');
    const status = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(nurse.auth).expect(200);
    expect(status.body).toMatchObject({ lastDoseDay: '2026-06-29', consecutiveMissedDays: 0, flag: 'ok' });
  });

  it('keeps a drop-out that dosing records stand behind when more history arrives', async () => {
    const client = await makeClient(t, coordinator, { intakeDate: '2026-03-01' });
    await post([HEADER, `${client.code},2026-03-01,40,observed`].join('\n')).expect(200);
    await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(coordinator.auth).expect(200);
    await post([HEADER, `${client.code},2026-03-02,40,observed`].join('\n')).expect(200);
    const episodes = await t.http.get(`/api/v1/clients/${client.id}/episodes`).set(coordinator.auth).expect(200);
    expect(episodes.body).toMatchObject([{ startDate: '2026-03-01', endDate: '2026-03-01', endReason: 'dropout' }]);
    const record = await t.http.get(`/api/v1/clients/${client.id}`).set(coordinator.auth).expect(200);
    expect(record.body.status).toBe('dropped_out');
  });

  it('streams a large file', async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, () => makeClient(t, coordinator, { intakeDate: '2026-01-01' })));
    const lines = [HEADER];
    for (const client of clients) for (const day of days('2026-01-01', 180)) lines.push(`${client.code},${day},60,observed`);
    const res = await post(lines.join('\n')).expect(200);
    expect(res.body).toEqual({ imported: 3600 });
  });

  it('wants text/csv with the right header, from a coordinator', async () => {
    await post('{}', coordinator, 'application/json').expect(415);
    const header = await post('code,day,dose,kind\nX,2026-01-01,60,observed').expect(400);
    expect(header.body.errors).toEqual([
      { field: 'row 1', message: `the header must be ${HEADER}`, key: 'header', limits: { header: HEADER } },
    ]);
    await post('').expect(400);
    await post(`${HEADER}\n`, nurse).expect(403);
  });
});
