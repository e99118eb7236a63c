import { Role } from '@tongban/platform';
import { makeClient, makeClinic, makeReminder, makeStaff, recordConsent, signInAdmin, SignedIn } from './factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A list read writes one audit event naming every client it showed (issue 16,
 * item 17), not one per row; each of those clients' access log still finds
 * it, and the hash chain covers the list of clients.
 */
describe('audit events of list reads', () => {
  let t: TestApp;
  let coordinator: SignedIn;
  const clientIds: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ REMINDER_POLL_MS: '0', REMINDER_SWEEP_EVERY_MS: '0' });
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    for (let i = 0; i < 3; i += 1) {
      const client = await makeClient(t, coordinator, { phone: `1390000000${i}` });
      await recordConsent(t, coordinator, client.id, { scope: 'sms_reminders' });
      const sendAt = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
      await makeReminder(t, coordinator, client.id, { sendAt });
      clientIds.push(client.id);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  async function listEvents(): Promise<Array<{ id: string; clientId: string | null; clientIds: string[] | null }>> {
    return t.dataSource.query(
      `SELECT id, client_id AS "clientId", client_ids AS "clientIds" FROM audit_event WHERE action = 'reminder.list' AND actor_id = $1`,
      [coordinator.id],
    );
  }

  it('writes one event per list read with the ids of the clients it showed, found in each client’s access log', async () => {
    const before = (await listEvents()).length;
    await t.http.get('/api/v1/reminders').set(coordinator.auth).expect(200);
    const events = await listEvents();
    expect(events).toHaveLength(before + 1);
    const [event] = events.filter((candidate) => candidate.clientIds !== null);
    expect(event.clientId).toBeNull();
    expect([...event.clientIds!].sort()).toEqual([...clientIds].sort());

    for (const clientId of clientIds) {
      const log = await t.http.get(`/api/v1/clients/${clientId}/access-log`).set(coordinator.auth).expect(200);
      expect((log.body as { items: Array<{ id: string; action: string }> }).items.map((item) => item.id)).toContain(event.id);
    }
    const byClient = await t.http.get('/api/v1/audit-events').query({ clientId: clientIds[1] }).set(coordinator.auth).expect(200);
    expect(
      (byClient.body as { items: Array<{ id: string; clientIds: string[] | null }> }).items.find((item) => item.id === event.id),
    ).toBeDefined();
  });

  it('names only the clients of the page it showed', async () => {
    await t.http.get('/api/v1/reminders').query({ clientId: clientIds[0] }).set(coordinator.auth).expect(200);
    const events = await listEvents();
    expect(events.at(-1)?.clientIds).toEqual([clientIds[0]]);
  });

  it('keeps the chain verifiable, and breaks it when the list of clients of an event is altered', async () => {
    expect((await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200)).body).toMatchObject({ ok: true });
    const [event] = (await listEvents()).filter((candidate) => (candidate.clientIds?.length ?? 0) > 1);
    await t.dataSource.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
    try {
      await t.dataSource.query('UPDATE audit_event SET client_ids = $2 WHERE id = $1', [event.id, [clientIds[0]]]);
    } finally {
      await t.dataSource.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
    }
    const verdict = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
    expect(verdict.body).toMatchObject({ ok: false, firstBrokenId: event.id });
  });
});
