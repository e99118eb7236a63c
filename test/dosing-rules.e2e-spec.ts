import { Role } from '@tongban/platform';
import {
  clinicDay,
  importDosingHistory,
  makeClient,
  makeClinic,
  makeDoseOrder,
  makeStaff,
  pinClock,
  signInAdmin,
  SignedIn,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { DAY } from './support/test-clock';

/**
 * The clinical rules of product.md as they now stand: missed days count from
 * the later of the episode's start and the registration day; re-titration
 * lifts with an order effective on or after the day the fifth day was
 * missed; drop-out is settled by the system, never in the name of a caller
 * who cannot see the client.
 */
describe('dosing rules: registration day, re-titration and drop-out settling', () => {
  let t: TestApp;
  let coordinator: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;
  let peerLeader: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    physician = await makeStaff(t, admin, Role.Physician, clinic.id);
    nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
    peerLeader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
  });
  afterAll(() => t.close());

  function day(offset = 0): string {
    return clinicDay(t, offset);
  }

  function advanceDays(days: number): void {
    for (let i = 0; i < days; i++) t.clock.advance(DAY);
  }

  function recordDose(who: SignedIn, clientId: string, body: Record<string, unknown>) {
    return t.http.post(`/api/v1/clients/${clientId}/doses`).set(who.auth).send(body);
  }

  async function statusOf(clientId: string) {
    return (await t.http.get(`/api/v1/clients/${clientId}/dosing-status`).set(nurse.auth).expect(200)).body as Record<string, unknown>;
  }

  async function episodesOf(clientId: string) {
    const res = await t.http.get(`/api/v1/clients/${clientId}/episodes`).set(coordinator.auth).expect(200);
    return (res.body as Array<Record<string, unknown>>).map(({ startDate, endDate, endReason }) => ({ startDate, endDate, endReason }));
  }

  describe('the registration day', () => {
    it('leaves a client registered with an intake 200 days back active with 0 missed days', async () => {
      const client = await makeClient(t, coordinator, { intakeDate: day(-200) });
      const read = await t.http.get(`/api/v1/clients/${client.id}`).set(coordinator.auth).expect(200);
      expect(read.body.status).toBe('active');
      expect(await statusOf(client.id)).toMatchObject({ consecutiveMissedDays: 0, flag: 'ok', lastDoseDay: null });
      expect(await episodesOf(client.id)).toEqual([{ startDate: day(-200), endDate: null, endReason: null }]);
      advanceDays(3);
      expect(await statusOf(client.id)).toMatchObject({ consecutiveMissedDays: 2, flag: 'ok' });
    });

    it('drops the client out once imported history ends 40 days back: the episode ends on the last dose day', async () => {
      const client = await makeClient(t, coordinator, { intakeDate: day(-200) });
      expect((await t.http.get(`/api/v1/clients/${client.id}`).set(coordinator.auth).expect(200)).body.status).toBe('active');
      await importDosingHistory(t, coordinator, [
        [client.code, day(-42)],
        [client.code, day(-41)],
        [client.code, day(-40)],
      ]);
      const read = await t.http.get(`/api/v1/clients/${client.id}`).set(coordinator.auth).expect(200);
      expect(read.body.status).toBe('dropped_out');
      expect(await episodesOf(client.id)).toEqual([{ startDate: day(-200), endDate: day(-40), endReason: 'dropout' }]);
    });

    it('lists a newly registered long-standing client at the window as not missed, and records the drop-out as the system', async () => {
      const client = await makeClient(t, coordinator, { intakeDate: day(-100) });
      const today = await t.http.get('/api/v1/dosing/today').query({ limit: 200 }).set(nurse.auth).expect(200);
      expect((today.body.items as Array<{ clientId: string }>).find((item) => item.clientId === client.id)).toMatchObject({
        consecutiveMissedDays: 0,
        flag: 'ok',
      });
      await importDosingHistory(t, coordinator, [[client.code, day(-35)]]);
      await t.http.get(`/api/v1/clients/${client.id}`).set(nurse.auth).expect(404);
      const events = await t.dataSource.query<Array<{ actor_id: string | null; actor_role: string | null }>>(
        `SELECT actor_id, actor_role FROM audit_event WHERE client_id = $1 AND action = 'episode.dropout'`,
        [client.id],
      );
      expect(events).toEqual([{ actor_id: null, actor_role: null }]);
    });
  });

  describe('re-titration', () => {
    async function suspendedClient() {
      const client = await makeClient(t, coordinator, { intakeDate: day() });
      await makeDoseOrder(t, physician, client.id);
      await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
      return client;
    }

    it('lifts the suspension with an order effective on or after the day the fifth day was missed, even one written before it', async () => {
      const client = await suspendedClient();
      advanceDays(3);
      // Written three days into the gap, effective on the fifth missed day.
      await makeDoseOrder(t, physician, client.id, { doseMg: 40, effectiveDate: day(2) });
      advanceDays(3);
      expect(await statusOf(client.id)).toMatchObject({ consecutiveMissedDays: 5, flag: 'retitrate', activeOrder: { doseMg: 40 } });
      const withoutNote = await recordDose(nurse, client.id, { doseMg: 40, kind: 'observed' }).expect(422);
      expect(withoutNote.body.code).toBe('ASSESSMENT_REQUIRED');
      await recordDose(nurse, client.id, { doseMg: 40, kind: 'observed', assessmentNote: 'assessed after the gap' }).expect(201);
    });

    it('keeps the order suspended while the only new order takes effect before the fifth missed day', async () => {
      const client = await suspendedClient();
      advanceDays(3);
      await makeDoseOrder(t, physician, client.id, { doseMg: 50, effectiveDate: day(1) });
      advanceDays(3);
      const res = await recordDose(nurse, client.id, { doseMg: 50, kind: 'observed', assessmentNote: 'assessed' }).expect(422);
      expect(res.body.code).toBe('ORDER_SUSPENDED');
    });

    it('takes the first dose after a re-order with an assessment, and the next day’s dose without one', async () => {
      const client = await suspendedClient();
      advanceDays(7);
      expect((await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed', assessmentNote: 'x' }).expect(422)).body.code).toBe(
        'ORDER_SUSPENDED',
      );
      await makeDoseOrder(t, physician, client.id, { doseMg: 30 });
      expect((await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed' }).expect(422)).body.code).toBe('ASSESSMENT_REQUIRED');
      await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed', assessmentNote: 'assessed; re-titrating' }).expect(201);
      advanceDays(1);
      await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed' }).expect(201);
    });
  });

  describe('drop-out settling', () => {
    it('settles, as the system, the drop-outs an imported history shows before the import answers', async () => {
      const client = await makeClient(t, coordinator, { intakeDate: day(-60) });
      await importDosingHistory(t, coordinator, [[client.code, day(-45)]]);
      const [state] = await t.dataSource.query<Array<{ status: string; end_date: string; end_reason: string }>>(
        `SELECT c.status, to_char(e.end_date, 'YYYY-MM-DD') AS end_date, e.end_reason
           FROM client c JOIN treatment_episode e ON e.client_id = c.id WHERE c.id = $1`,
        [client.id],
      );
      expect(state).toEqual({ status: 'dropped_out', end_date: day(-45), end_reason: 'dropout' });
      const events = await t.dataSource.query<Array<{ actor_id: string | null }>>(
        `SELECT actor_id FROM audit_event WHERE client_id = $1 AND action = 'episode.dropout'`,
        [client.id],
      );
      expect(events).toEqual([{ actor_id: null }]);
    });

    it('writes nothing and no audit event when a peer leader reads a hidden client due for drop-out (404)', async () => {
      const client = await makeClient(t, coordinator, { intakeDate: day(-60) });
      // Not due when imported (20 days missed); due 15 days later, unsettled until someone who may see the client reads it.
      await importDosingHistory(t, coordinator, [[client.code, day(-20)]]);
      advanceDays(15);
      const before = await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM audit_event WHERE client_id = $1`, [
        client.id,
      ]);
      await t.http.get(`/api/v1/clients/${client.id}`).set(peerLeader.auth).expect(404);
      const [state] = await t.dataSource.query<Array<{ status: string; open: number; events: number; leader: number }>>(
        `SELECT c.status,
                (SELECT count(*)::int FROM treatment_episode e WHERE e.client_id = c.id AND e.end_date IS NULL) AS open,
                (SELECT count(*)::int FROM audit_event a WHERE a.client_id = c.id) AS events,
                (SELECT count(*)::int FROM audit_event a WHERE a.actor_id = $2 AND a.client_id = c.id) AS leader
           FROM client c WHERE c.id = $1`,
        [client.id, peerLeader.id],
      );
      expect(state).toEqual({ status: 'active', open: 1, events: before[0].n, leader: 0 });
      // The coordinator's read settles it, as the system.
      expect((await t.http.get(`/api/v1/clients/${client.id}`).set(coordinator.auth).expect(200)).body.status).toBe('dropped_out');
      const [event] = await t.dataSource.query<Array<{ actor_id: string | null }>>(
        `SELECT actor_id FROM audit_event WHERE client_id = $1 AND action = 'episode.dropout'`,
        [client.id],
      );
      expect(event).toEqual({ actor_id: null });
    });
  });
});
