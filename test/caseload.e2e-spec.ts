import { Role } from '@tongban/platform';
import {
  clinicDay,
  dischargeClient,
  importDosingHistory,
  joinPeerGroup,
  makeClient,
  makeClinic,
  makeCounselingSession,
  makePeerGroup,
  makeStaff,
  recordConsent,
  signInAdmin,
  SignedIn,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { DAY } from './support/test-clock';

type Listed = Record<string, unknown> & { id: string };
const FACTS = ['flag', 'lastSessionDate', 'nextAppointmentAt'];

/**
 * `GET /clients` as a caseload: each client with its missed-dose flag (dosing),
 * last session date and next appointment (counseling), each only for callers
 * who may read that kind of the client's data (api.md "Clients", additions).
 */
describe('caseload facts in the client list', () => {
  let t: TestApp;
  let staff: Record<'coordinator' | 'counselor' | 'physician' | 'nurse' | 'leader' | 'otherCounselor', SignedIn>;
  let flagged: { id: string; code: string };
  let discharged: { id: string; code: string };
  let upcoming: string;

  async function list(who: SignedIn): Promise<Map<string, Listed>> {
    const res = await t.http.get('/api/v1/clients').query({ limit: 200 }).set(who.auth).expect(200);
    return new Map((res.body.items as Listed[]).map((item) => [item.id, item]));
  }

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const [coordinator, counselor, physician, nurse, leader, otherCounselor] = await Promise.all(
      [Role.Coordinator, Role.Counselor, Role.Physician, Role.Nurse, Role.PeerLeader, Role.Counselor].map((role) =>
        makeStaff(t, admin, role, clinic.id),
      ),
    );
    staff = { coordinator, counselor, physician, nurse, leader, otherCounselor };
    // Registered by the counselor (on the care team); dosed until five days ago: four missed days, flag `assess`.
    flagged = await makeClient(t, counselor, { intakeDate: clinicDay(t, -10) });
    discharged = await makeClient(t, counselor, { intakeDate: clinicDay(t, -10) });
    const days = [-10, -9, -8, -7, -6, -5].map((offset) => clinicDay(t, offset));
    await importDosingHistory(
      t,
      coordinator,
      days.map((day): [string, string] => [flagged.code, day]),
    );
    await dischargeClient(t, coordinator, discharged.id, clinicDay(t, -1), 'completed');
    // Of the appointments sessions set, one has passed (the clock moves past it) and two are still to come: the earlier is next.
    const at = (ms: number) => new Date(Math.floor((t.clock.now().getTime() + ms) / 60_000) * 60_000).toISOString();
    await makeCounselingSession(t, counselor, flagged.id, { date: clinicDay(t, -8), nextAppointmentAt: at(2 * 60_000) });
    t.clock.advance(3 * 60_000);
    await makeCounselingSession(t, counselor, flagged.id, { date: clinicDay(t, -6), nextAppointmentAt: at(3 * DAY) });
    upcoming = at(2 * DAY);
    await makeCounselingSession(t, counselor, flagged.id, { date: clinicDay(t, -3), nextAppointmentAt: upcoming });
    // The peer leader sees the flagged client as a member of the group they lead.
    await recordConsent(t, coordinator, flagged.id, { scope: 'peer_support' });
    const group = await makePeerGroup(t, coordinator, [leader]);
    await joinPeerGroup(t, coordinator, group.id, flagged.id);
  });
  afterAll(() => t?.close());

  it('gives the coordinator and the care-team counselor the flag, the last session date and the next appointment still to come', async () => {
    for (const who of [staff.coordinator, staff.counselor]) {
      const items = await list(who);
      expect(items.get(flagged.id)).toMatchObject({ flag: 'assess', lastSessionDate: clinicDay(t, -3), nextAppointmentAt: upcoming });
      // Not in treatment: no flag; no session.
      expect(items.get(discharged.id)).toMatchObject({ flag: null, lastSessionDate: null, nextAppointmentAt: null });
    }
  });

  it('gives the flag the dosing status gives', async () => {
    const status = await t.http.get(`/api/v1/clients/${flagged.id}/dosing-status`).set(staff.coordinator.auth).expect(200);
    expect((await list(staff.coordinator)).get(flagged.id)?.flag).toBe(status.body.flag);
  });

  it('gives physicians and nurses the flag but nothing of counseling', async () => {
    for (const who of [staff.physician, staff.nurse]) {
      const item = (await list(who)).get(flagged.id);
      expect(item).toMatchObject({ flag: 'assess' });
      expect(item).not.toHaveProperty('lastSessionDate');
      expect(item).not.toHaveProperty('nextAppointmentAt');
    }
  });

  it('gives a peer leader none of them, and a counselor off the care team no client', async () => {
    const item = (await list(staff.leader)).get(flagged.id);
    expect(item).toBeDefined();
    for (const fact of FACTS) expect(item).not.toHaveProperty(fact);
    expect((await list(staff.otherCounselor)).size).toBe(0);
  });

  it('gives a counselor who broke the glass the facts of that client, as the record opens', async () => {
    await t.http
      .post(`/api/v1/clients/${discharged.id}/emergency-access`)
      .set(staff.otherCounselor.auth)
      .send({ reason: 'Client in crisis at the front desk' })
      .expect(201);
    const items = await list(staff.otherCounselor);
    expect([...items.keys()]).toEqual([discharged.id]);
    expect(items.get(discharged.id)).toMatchObject({ flag: null, lastSessionDate: null, nextAppointmentAt: null });
  });

  it('lists for the coordinator the active clients with no counselor on their care team, and refuses that filter to the other roles', async () => {
    // Registered by the coordinator, with a physician but no counselor on the care team.
    const unassigned = await makeClient(t, staff.coordinator, { intakeDate: clinicDay(t, -2) });
    await t.http
      .post(`/api/v1/clients/${unassigned.id}/care-team`)
      .set(staff.coordinator.auth)
      .send({ staffId: staff.physician.id, role: 'physician' })
      .expect(201);
    const res = await t.http
      .get('/api/v1/clients')
      .query({ status: 'active', counselor: 'none', limit: 200 })
      .set(staff.coordinator.auth)
      .expect(200);
    expect(res.body.items.map((item: Listed) => item.id)).toEqual([unassigned.id]);

    // Assigned a counselor, the client leaves the list.
    await t.http
      .post(`/api/v1/clients/${unassigned.id}/care-team`)
      .set(staff.coordinator.auth)
      .send({ staffId: staff.otherCounselor.id, role: 'counselor' })
      .expect(201);
    const after = await t.http.get('/api/v1/clients').query({ counselor: 'none' }).set(staff.coordinator.auth).expect(200);
    expect(after.body.items).toEqual([]);

    for (const who of [staff.counselor, staff.physician, staff.nurse, staff.leader]) {
      await t.http.get('/api/v1/clients').query({ counselor: 'none' }).set(who.auth).expect(403);
    }
    await t.http.get('/api/v1/clients').query({ counselor: 'someone' }).set(staff.coordinator.auth).expect(400);
  });
});
