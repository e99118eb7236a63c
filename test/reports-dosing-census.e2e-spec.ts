import { Role } from '@tongban/platform';
import {
  dischargeAfterDosing,
  importDosingHistory,
  makeClient,
  makeClinic,
  makeDoseOrder,
  makeStaff,
  readmitClient,
  signInAdmin,
  SignedIn,
} from './factories';
import { daysFromTo } from './support/test-clock';
import { startTestApp, TestApp } from './support/test-app';

const TODAY = '2026-06-30';

/**
 * The dosing census counts each client once a day however their day was
 * covered: the two parts of a split dose are one dose, a day both observed
 * and covered by a take-home is one covered day, and a client discharged and
 * readmitted within the window is in the census only while an episode is open.
 */
describe('dosing census: each client counted once a day', () => {
  let t: TestApp;
  let coordinator: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-06-30T04:00:00Z');
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    const physician = await makeStaff(t, admin, Role.Physician, clinic.id);
    const nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);

    const split = await makeClient(t, coordinator, { intakeDate: '2026-06-20' });
    const both = await makeClient(t, coordinator, { intakeDate: '2026-06-20' });
    const readmitted = await makeClient(t, coordinator, { intakeDate: '2026-06-20' });
    await importDosingHistory(t, coordinator, [
      ...daysFromTo('2026-06-20', '2026-06-29').map((day): [string, string] => [split.code, day]),
      ...daysFromTo('2026-06-20', '2026-06-29').map((day): [string, string] => [both.code, day]),
      // Handed over on 06-24 for 06-25, and observed on 06-25 as well.
      [both.code, '2026-06-25', 'take_home'],
    ]);
    await dischargeAfterDosing(t, coordinator, readmitted, { from: '2026-06-20', date: '2026-06-22', reason: 'other' });
    await readmitClient(t, coordinator, readmitted.id, '2026-06-26');
    await importDosingHistory(
      t,
      coordinator,
      daysFromTo('2026-06-26', '2026-06-29').map((day): [string, string] => [readmitted.code, day]),
    );

    // Today: a split dose, two observed parts.
    await makeDoseOrder(t, physician, split.id, { doseMg: 60, splitDose: true });
    for (let part = 0; part < 2; part++) {
      await t.http.post(`/api/v1/clients/${split.id}/doses`).set(nurse.auth).send({ doseMg: 30, kind: 'observed' }).expect(201);
    }
  });
  afterAll(() => t.close());

  it('counts a split dose once, a day both observed and taken home once, and a readmitted client only in their episodes', async () => {
    const res = await t.http.get('/api/v1/reports/dosing').query({ from: '2026-06-20', to: TODAY }).set(coordinator.auth).expect(200);
    expect(
      res.body.days.map((d: { day: string; census: number; doses: number; missedRate: number | null }) => [
        d.day,
        d.census,
        d.doses,
        d.missedRate,
      ]),
    ).toEqual([
      ['2026-06-20', 3, 3, 0],
      ['2026-06-21', 3, 3, 0],
      ['2026-06-22', 3, 3, 0], // the last day of the first episode
      ['2026-06-23', 2, 2, 0],
      ['2026-06-24', 2, 2, 0],
      ['2026-06-25', 2, 2, 0], // observed and covered by the take-home: covered once
      ['2026-06-26', 3, 3, 0], // readmitted
      ['2026-06-27', 3, 3, 0],
      ['2026-06-28', 3, 3, 0],
      ['2026-06-29', 3, 3, 0],
      [TODAY, 3, 1, null], // the split dose's two parts are one client dosed
    ]);
  });

  it('gives the same figures as CSV, where covered and missed are explicit', async () => {
    const csv = await t.http
      .get('/api/v1/reports/dosing')
      .query({ from: '2026-06-24', to: '2026-06-26', format: 'csv' })
      .set(coordinator.auth)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const lines = (csv.body as Buffer).subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('clinic,day,census,doses,covered,missed,missed_rate');
    expect(lines.slice(1).map((line) => line.split(',').slice(1).join(','))).toEqual([
      '2026-06-24,2,2,2,0,0',
      '2026-06-25,2,2,2,0,0',
      '2026-06-26,3,3,3,0,0',
    ]);
  });
});
