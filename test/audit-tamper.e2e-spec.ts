import { Role } from '@tongban/platform';
import { makeClinic, makeStaff, signInAdmin, SignedIn } from './factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Someone with write access to the table disables the append-only trigger,
 * edits or deletes events behind the application's back, and enables it
 * again. The chain notices.
 */
describe('audit chain against tampering', () => {
  let t: TestApp;
  let admin: SignedIn;

  beforeEach(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
  });
  afterEach(() => t.close());

  async function asAttacker(sql: string, params: unknown[]): Promise<void> {
    await t.dataSource.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
    await t.dataSource.query(sql, params);
    await t.dataSource.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
  }

  async function clinicWithHistory(): Promise<{ clinicId: string; coordinator: SignedIn; eventIds: string[] }> {
    const clinicId = (await makeClinic(t, admin)).id;
    const coordinator = await makeStaff(t, admin, Role.Coordinator, clinicId);
    await makeStaff(t, admin, Role.Nurse, clinicId);
    await t.http.patch(`/api/v1/clinics/${clinicId}/settings`).set(coordinator.auth).send({ dropoutDays: 7 }).expect(200);
    const rows = await t.dataSource.query<Array<{ id: string }>>('SELECT id FROM audit_event WHERE chain = $1 ORDER BY seq', [clinicId]);
    return { clinicId, coordinator, eventIds: rows.map((row) => row.id) };
  }

  it('reports an edited event as the first broken one', async () => {
    const { coordinator, eventIds } = await clinicWithHistory();
    const edited = eventIds[2];
    await asAttacker(`UPDATE audit_event SET details = '{"dropoutDays": 365}' WHERE id = $1`, [edited]);
    const res = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
    expect(res.body).toEqual({ ok: false, checked: 3, firstBrokenId: edited });
    const forAdmin = await t.http.get('/api/v1/audit-events/verify').set(admin.auth).expect(200);
    expect(forAdmin.body).toMatchObject({ ok: false, firstBrokenId: edited });
  });

  it('reports an event whose actor was swapped, even with its hash recomputed by a naive attacker', async () => {
    const { coordinator, eventIds } = await clinicWithHistory();
    const target = eventIds[1];
    await asAttacker(`UPDATE audit_event SET actor_id = NULL, hash = md5(hash) || md5(hash) WHERE id = $1`, [target]);
    const res = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
    expect(res.body).toMatchObject({ ok: false, firstBrokenId: target });
  });

  it('reports the event after a deleted one', async () => {
    const { coordinator, eventIds } = await clinicWithHistory();
    await asAttacker('DELETE FROM audit_event WHERE id = $1', [eventIds[1]]);
    const res = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
    expect(res.body).toMatchObject({ ok: false, firstBrokenId: eventIds[2] });
  });

  it('notices a deleted last event through the chain head', async () => {
    const { coordinator, eventIds } = await clinicWithHistory();
    await asAttacker('DELETE FROM audit_event WHERE id = $1', [eventIds[eventIds.length - 1]]);
    const res = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
    expect(res.body).toMatchObject({ ok: false, firstBrokenId: null });
  });

  it("leaves other clinics' chains intact", async () => {
    const tampered = await clinicWithHistory();
    const untouched = await clinicWithHistory();
    await asAttacker(`UPDATE audit_event SET action = 'nothing.happened' WHERE id = $1`, [tampered.eventIds[0]]);
    const res = await t.http.get('/api/v1/audit-events/verify').set(untouched.coordinator.auth).expect(200);
    expect(res.body).toEqual({ ok: true, checked: untouched.eventIds.length, firstBrokenId: null });
  });
});
