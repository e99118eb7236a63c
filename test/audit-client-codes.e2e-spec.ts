import { Role } from '@tongban/platform';
import { makeClient, makeClinic, makeStaff, signInAdmin, SignedIn } from './factories';
import { startTestApp, TestApp } from './support/test-app';

interface EventItem {
  id: string;
  action: string;
  actorId: string | null;
  clientId: string | null;
  clientCode?: string | null;
  occurredAt: string;
}

describe('audit events: filters and client codes', () => {
  let t: TestApp;
  let admin: SignedIn;
  let coordinator: SignedIn;
  let counselor: SignedIn;
  let clientA: { id: string; code: string };
  let clientB: { id: string; code: string };

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-06-01T04:00:00Z');
    admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
    clientA = await makeClient(t, coordinator, { intakeDate: '2026-05-01' });
    t.clock.set('2026-06-10T04:00:00Z');
    clientB = await makeClient(t, counselor, { intakeDate: '2026-06-01' });
    await t.http.get(`/api/v1/clients/${clientB.id}`).set(counselor.auth).expect(200);
  });
  afterAll(() => t.close());

  async function events(who: SignedIn, query: Record<string, string | number> = {}): Promise<EventItem[]> {
    const res = await t.http
      .get('/api/v1/audit-events')
      .query({ limit: 200, ...query })
      .set(who.auth)
      .expect(200);
    return res.body.items as EventItem[];
  }

  it("carries the client's code on each event about a client the coordinator may see, null on the others", async () => {
    const items = await events(coordinator);
    const aboutA = items.filter((e) => e.clientId === clientA.id);
    expect(aboutA.length).toBeGreaterThan(0);
    for (const event of aboutA) expect(event.clientCode).toBe(clientA.code);
    for (const event of items.filter((e) => e.clientId === null)) expect(event.clientCode).toBeNull();
  });

  it('filters by client, by actor and by dates, each alone and together', async () => {
    const forB = await events(coordinator, { clientId: clientB.id });
    expect(forB.length).toBeGreaterThan(0);
    expect(forB.every((e) => e.clientId === clientB.id)).toBe(true);
    expect(forB.every((e) => e.clientCode === clientB.code)).toBe(true);

    const byCounselor = await events(coordinator, { actorId: counselor.id });
    expect(byCounselor.map((e) => e.action)).toEqual(expect.arrayContaining(['client.create', 'client.read']));
    expect(byCounselor.every((e) => e.actorId === counselor.id)).toBe(true);

    // Events are stamped with the real time of the request (the trail's own clock), so the dates are today's, UTC.
    const today = new Date().toISOString().slice(0, 10);
    const dayAfter = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const dayBefore = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const within = await events(coordinator, { from: today, to: today, clientId: clientA.id });
    expect(within.length).toBe((await events(coordinator, { clientId: clientA.id })).length);
    expect(await events(coordinator, { from: dayAfter, clientId: clientA.id })).toEqual([]);
    expect(await events(coordinator, { to: dayBefore, clientId: clientA.id })).toEqual([]);
    const both = await events(coordinator, { actorId: coordinator.id, clientId: clientA.id, from: today });
    expect(both.length).toBeGreaterThan(0);
    expect(both.every((e) => e.actorId === coordinator.id && e.clientCode === clientA.code)).toBe(true);
  });

  it('shows an admin no client events and no client codes', async () => {
    const items = await events(admin);
    expect(items.every((e) => e.clientId === null && (e.clientCode ?? null) === null)).toBe(true);
  });

  it('refuses a malformed filter', async () => {
    for (const query of [{ clientId: 'KM01-000001' }, { actorId: 'me' }, { from: 'yesterday' }]) {
      const res = await t.http.get('/api/v1/audit-events').query(query).set(coordinator.auth).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });
});
