import { Role } from '@tongban/platform';
import {
  dischargeAfterDosing,
  dischargeClient,
  importDosingHistory,
  joinPeerGroup,
  makeClient,
  makeClinic,
  makeFamilyContact,
  makePeerGroup,
  makePeerMeeting,
  makeStaff,
  readmitClient,
  recordAttendance,
  recordConsent,
  recordFamilyInteraction,
  signInAdmin,
  SignedIn,
} from './factories';
import { addDays, daysFromTo } from './support/test-clock';
import { startTestApp, TestApp } from './support/test-app';
import { binaryBody } from './support/binary-body';

const TODAY = '2026-06-30';

interface Group {
  key: string;
  episodes: number;
  retention: { m3: number | null; m6: number | null; m12: number | null };
  curve: Array<{ day: number; atRisk: number; events: number; survival: number }>;
}

const shape = (groups: Group[]) =>
  groups.map((g) => ({ key: g.key, episodes: g.episodes, curve: g.curve.map((p) => [p.day, p.atRisk, p.events]) }));

describe('retention by peer support and family involvement (landmark), attendance and dosing reports', () => {
  let t: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-06-30T04:00:00Z');
    admin = await signInAdmin(t);
  });
  afterAll(() => t.close());

  describe('peer support at the landmark', () => {
    /** Every episode here begins on START; the landmark is day 90 (2026-04-02). */
    const START = '2026-01-02';
    let coordinator: SignedIn;
    let groupId: string;
    let quietGroupId: string;

    beforeAll(async () => {
      const clinic = await makeClinic(t, admin);
      coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
      const leader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
      groupId = (await makePeerGroup(t, coordinator, [leader], { name: '周三互助小组' })).id;
      quietGroupId = (await makePeerGroup(t, coordinator, [leader], { name: 'A quiet group' })).id;
      const member = async (intakeDate: string) => {
        const client = await makeClient(t, coordinator, { intakeDate });
        await recordConsent(t, coordinator, client.id, { scope: 'peer_support', validFrom: intakeDate });
        await joinPeerGroup(t, coordinator, groupId, client.id);
        return client;
      };
      const clients = {
        attended: await member(START), // present on day 10; in treatment to day 150
        attendedLate: await member(START), // present only on day 100, after the landmark
        endedBefore: await member(START), // present on day 10, discharged on day 50
        absent: await member(START), // recorded absent on day 10; drops out on day 120
        dayBefore: await member(START), // present on day 89; drops out on day 130
        onLandmark: await member(START), // present on day 90 itself: not before the landmark; to day 160
        endsOnLandmark: await member(START), // present on day 10, discharged on day 90: still in treatment at the landmark
        endsDayBefore: await member(START), // present on day 10, discharged on day 89
        readmitted: await member('2025-10-01'), // present in an earlier episode only; new episode from START to day 150
      };
      const meeting = async (date: string) => (await makePeerMeeting(t, coordinator, groupId, { date })).id;
      const present = (client: { id: string }) => ({ clientId: client.id, status: 'present' as const });
      await recordAttendance(t, coordinator, groupId, await meeting('2025-10-10'), [present(clients.readmitted)]);
      await recordAttendance(t, coordinator, groupId, await meeting(addDays(START, 10)), [
        present(clients.attended),
        present(clients.endedBefore),
        { clientId: clients.absent.id, status: 'absent' },
        present(clients.endsOnLandmark),
        present(clients.endsDayBefore),
      ]);
      await recordAttendance(t, coordinator, groupId, await meeting(addDays(START, 89)), [present(clients.dayBefore)]);
      await recordAttendance(t, coordinator, groupId, await meeting(addDays(START, 90)), [present(clients.onLandmark)]);
      await recordAttendance(t, coordinator, groupId, await meeting(addDays(START, 100)), [
        present(clients.attendedLate),
        present(clients.attended),
      ]);

      // Discharged ones were dosed every day of the episode up to their discharge, and discharged on that day.
      await dischargeAfterDosing(t, coordinator, clients.readmitted, { from: '2025-10-01', date: '2025-12-01', reason: 'other' });
      await readmitClient(t, coordinator, clients.readmitted.id, START);
      const discharge = (client: { id: string; code: string }, day: number) =>
        dischargeAfterDosing(t, coordinator, client, { from: START, date: addDays(START, day), reason: 'completed' });
      await discharge(clients.attended, 150);
      await discharge(clients.attendedLate, 150);
      await discharge(clients.endedBefore, 50);
      await discharge(clients.onLandmark, 160);
      await discharge(clients.endsOnLandmark, 90);
      await discharge(clients.endsDayBefore, 89);
      await discharge(clients.readmitted, 150);
      await importDosingHistory(t, coordinator, [
        ...daysFromTo(START, addDays(START, 120)).map((day): [string, string] => [clients.absent.code, day]),
        ...daysFromTo(START, addDays(START, 130)).map((day): [string, string] => [clients.dayBefore.code, day]),
      ]);
    });

    function report(query: Record<string, string | number>) {
      return t.http
        .get('/api/v1/reports/retention')
        .query({ from: START, to: START, ...query })
        .set(coordinator.auth)
        .expect(200);
    }

    it('splits the episodes still in treatment at the landmark by attendance before it, with curves from the landmark', async () => {
      const res = await report({ compare: 'peer_support' });
      // All nine episodes that began on START count in the totals; two ended before day 90 and are in neither group.
      expect(res.body).toMatchObject({ episodes: 9, events: 2, censored: 7 });
      expect(shape(res.body.groups)).toEqual([
        // attended (to day 150), dayBefore (drop-out on day 130), endsOnLandmark (censored on day 90)
        {
          key: 'yes',
          episodes: 3,
          curve: [
            [0, 3, 0],
            [40, 2, 1],
          ],
        },
        // attendedLate, absent (drop-out on day 120), onLandmark, readmitted
        {
          key: 'no',
          episodes: 4,
          curve: [
            [0, 4, 0],
            [30, 4, 1],
          ],
        },
      ]);
      const [yes, no] = res.body.groups as Group[];
      expect(yes.curve[1].survival).toBeCloseTo(0.5, 12);
      expect(no.curve[1].survival).toBeCloseTo(0.75, 12);
      // Retention at day 91/183/365 of the episode given in treatment on day 90: none of these lasted to day 183.
      expect(yes.retention).toEqual({ m3: 1, m6: null, m12: null });
      expect(res.body.logRank.pValue).toBeGreaterThan(0);
      expect(res.body.logRank.pValue).toBeLessThanOrEqual(1);
    });

    it('moves with the landmark: at day 30 episodes that ended on day 50 and 89 count, and attendance on day 89 no longer does', async () => {
      const res = await report({ compare: 'peer_support', landmarkDays: 30 });
      expect(res.body.groups.map((g: Group) => [g.key, g.episodes])).toEqual([
        ['yes', 4], // attended, endedBefore, endsOnLandmark, endsDayBefore
        ['no', 5], // attendedLate, absent, dayBefore, onLandmark, readmitted
      ]);
      expect(res.body.groups[1].curve.map((p: { day: number }) => p.day)).toEqual([0, 90, 100]);
    });

    it('shows small and empty groups with their size instead of hiding them', async () => {
      const res = await report({ compare: 'peer_support', landmarkDays: 155 });
      expect(shape(res.body.groups)).toEqual([
        // Only the episode that lasted to day 160 reaches day 155; its attendance on day 90 now lies before the landmark.
        { key: 'yes', episodes: 1, curve: [[0, 1, 0]] },
        { key: 'no', episodes: 0, curve: [[0, 0, 0]] },
      ]);
      expect(res.body.groups[1].retention).toEqual({ m3: null, m6: null, m12: null });
      expect(res.body.logRank).toEqual({ chiSquare: 0, pValue: 1 });
    });

    it('reports attendance per group: meetings, distinct members, present over recorded', async () => {
      const res = await t.http
        .get('/api/v1/reports/attendance')
        .query({ from: '2026-01-01', to: '2026-04-30' })
        .set(coordinator.auth)
        .expect(200);
      expect(res.body.from).toBe('2026-01-01');
      expect(res.body.to).toBe('2026-04-30');
      const [quiet, busy] = res.body.groups;
      expect(quiet).toEqual({ groupId: quietGroupId, name: 'A quiet group', meetings: 0, members: 0, attendanceRate: null });
      // Four meetings (the one in October is outside the window); 9 records, 8 present, 8 distinct clients.
      expect(busy).toEqual({ groupId, name: '周三互助小组', meetings: 4, members: 8, attendanceRate: expect.closeTo(8 / 9, 12) });
    });

    it('exports attendance as CSV with the group names intact', async () => {
      const res = await t.http
        .get('/api/v1/reports/attendance')
        .query({ from: '2026-01-01', to: '2026-04-30', format: 'csv' })
        .set(coordinator.auth)
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="attendance-T[0-9A-F]+-2026-01-01-2026-04-30\.csv"$/);
      const body = res.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = body.subarray(3).toString('utf8').trimEnd().split('\r\n');
      expect(lines[0]).toBe('clinic,from,to,group_id,group_name,meetings,members,present,recorded,attendance_rate');
      expect(lines[2]).toMatch(new RegExp(`,2026-01-01,2026-04-30,${groupId},周三互助小组,4,8,8,9,0\\.888889$`));
    });

    it('defaults attendance to the last 30 days and refuses windows that are reversed or longer than 10 years', async () => {
      const res = await t.http.get('/api/v1/reports/attendance').set(coordinator.auth).expect(200);
      expect(res.body).toMatchObject({ from: '2026-06-01', to: TODAY });
      expect(res.body.groups.map((g: { meetings: number }) => g.meetings)).toEqual([0, 0]);
      for (const query of [{ from: '2026-03-01', to: '2026-02-01' }, { from: '2016-01-01', to: '2026-01-01' }, { format: 'pdf' }]) {
        const bad = await t.http.get('/api/v1/reports/attendance').query(query).set(coordinator.auth).expect(400);
        expect(bad.body.code).toBe('VALIDATION_FAILED');
      }
      await t.http.get('/api/v1/reports/attendance').query({ from: '2016-01-02', to: '2026-01-01' }).set(coordinator.auth).expect(200);
    });
  });

  describe('family involvement at the landmark', () => {
    const START = '2026-01-03';
    let coordinator: SignedIn;

    beforeAll(async () => {
      const clinic = await makeClinic(t, admin);
      coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
      const counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
      const withFamily = async (interactions: number[]) => {
        const client = await makeClient(t, counselor, { intakeDate: START });
        await recordConsent(t, counselor, client.id, { scope: 'family_contact', validFrom: START });
        const contact = await makeFamilyContact(t, counselor, client.id);
        for (const day of interactions) await recordFamilyInteraction(t, counselor, client.id, contact.id, { date: addDays(START, day) });
        return client;
      };
      const early = await withFamily([10]); // to day 150
      const late = await withFamily([95]); // after the landmark only; to day 150
      const endedBefore = await withFamily([10]); // discharged on day 60
      const dayBefore = await withFamily([89]); // drops out on day 100
      const beforeStart = await withFamily([-5]); // before the episode began; to day 120
      // Discharged ones were dosed every day up to their discharge, and discharged on that day.
      const discharge = (client: { id: string; code: string }, day: number, reason: 'completed' | 'transferred' | 'other') =>
        dischargeAfterDosing(t, coordinator, client, { from: START, date: addDays(START, day), reason });
      await discharge(early, 150, 'completed');
      await discharge(late, 150, 'transferred');
      await discharge(endedBefore, 60, 'completed');
      await discharge(beforeStart, 120, 'other');
      await importDosingHistory(
        t,
        coordinator,
        daysFromTo(START, addDays(START, 100)).map((day): [string, string] => [dayBefore.code, day]),
      );
    });

    it('splits by a family interaction from the start up to the day before the landmark', async () => {
      const res = await t.http.get('/api/v1/reports/retention').query({ compare: 'family_involvement' }).set(coordinator.auth).expect(200);
      expect(res.body).toMatchObject({ episodes: 5, events: 1, censored: 4 });
      expect(shape(res.body.groups)).toEqual([
        {
          key: 'yes',
          episodes: 2,
          curve: [
            [0, 2, 0],
            [10, 2, 1],
          ],
        },
        { key: 'no', episodes: 2, curve: [[0, 2, 0]] },
      ]);
    });
  });

  describe('dosing census', () => {
    let coordinator: SignedIn;

    beforeAll(async () => {
      const clinic = await makeClinic(t, admin);
      coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
      const steady = await makeClient(t, coordinator, { intakeDate: '2026-06-10' }); // misses 06-25 only
      const takeHome = await makeClient(t, coordinator, { intakeDate: '2026-06-22' }); // 06-23 taken at home
      const droppedOut = await makeClient(t, coordinator, { intakeDate: '2026-05-01' }); // last dose 05-20: dropped out, unread
      const discharged = await makeClient(t, coordinator, { intakeDate: '2026-06-15' }); // doses to 06-23, discharged 06-24
      await importDosingHistory(t, coordinator, [
        ...daysFromTo('2026-06-10', '2026-06-29')
          .filter((day) => day !== '2026-06-25')
          .map((day): [string, string] => [steady.code, day]),
        [takeHome.code, '2026-06-22'],
        [takeHome.code, '2026-06-23', 'take_home'],
        ...daysFromTo('2026-06-24', '2026-06-29').map((day): [string, string] => [takeHome.code, day]),
        ...daysFromTo('2026-05-01', '2026-05-20').map((day): [string, string] => [droppedOut.code, day]),
        ...daysFromTo('2026-06-15', '2026-06-23').map((day): [string, string] => [discharged.code, day]),
      ]);
      await dischargeClient(t, coordinator, discharged.id, '2026-06-24', 'completed');
    });

    it('counts each day the clients in treatment, the observed doses and the share missed', async () => {
      const res = await t.http.get('/api/v1/reports/dosing').query({ from: '2026-06-20', to: TODAY }).set(coordinator.auth).expect(200);
      expect(res.body.from).toBe('2026-06-20');
      expect(res.body.to).toBe(TODAY);
      expect(
        res.body.days.map((d: { day: string; census: number; doses: number; missedRate: number | null }) => [
          d.day,
          d.census,
          d.doses,
          d.missedRate,
        ]),
      ).toEqual([
        ['2026-06-20', 2, 2, 0],
        ['2026-06-21', 2, 2, 0],
        ['2026-06-22', 3, 3, 0],
        ['2026-06-23', 3, 2, 0], // the take-home covers the day
        ['2026-06-24', 3, 2, expect.closeTo(1 / 3, 12)], // discharged that day, no dose
        ['2026-06-25', 2, 1, 0.5],
        ['2026-06-26', 2, 2, 0],
        ['2026-06-27', 2, 2, 0],
        ['2026-06-28', 2, 2, 0],
        ['2026-06-29', 2, 2, 0],
        [TODAY, 2, 0, null], // today has not ended: nothing is missed yet
      ]);
    });

    it('exports the census as CSV and defaults to the last 30 days', async () => {
      const csv = await t.http
        .get('/api/v1/reports/dosing')
        .query({ from: '2026-06-24', to: '2026-06-25', format: 'csv' })
        .set(coordinator.auth)
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      const lines = (csv.body as Buffer).subarray(3).toString('utf8').trimEnd().split('\r\n');
      expect(lines[0]).toBe('clinic,day,census,doses,covered,missed,missed_rate');
      expect(lines.slice(1).map((line) => line.split(',').slice(1).join(','))).toEqual([
        '2026-06-24,3,2,2,1,0.333333',
        '2026-06-25,2,1,1,1,0.5',
      ]);
      const res = await t.http.get('/api/v1/reports/dosing').set(coordinator.auth).expect(200);
      expect(res.body.days).toHaveLength(30);
      expect(res.body.days[0].day).toBe('2026-06-01');
      expect(res.body.days[29].day).toBe(TODAY);
    });

    it('refuses a window reaching past today, longer than 10 years, or reversed', async () => {
      for (const query of [
        { to: '2026-07-01' },
        { from: '2016-06-30', to: TODAY },
        { from: '2026-06-10', to: '2026-06-01' },
        { from: 'yesterday' },
        { format: 'pdf' },
      ]) {
        const res = await t.http.get('/api/v1/reports/dosing').query(query).set(coordinator.auth).expect(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      const year = await t.http.get('/api/v1/reports/dosing').query({ from: '2025-06-30', to: TODAY }).set(coordinator.auth).expect(200);
      expect(year.body.days).toHaveLength(366);
      const decade = await t.http.get('/api/v1/reports/dosing').query({ from: '2016-07-01', to: TODAY }).set(coordinator.auth).expect(200);
      expect(decade.body.days).toHaveLength(3652);
    });
  });
});
