import { Role } from '@tongban/platform';
import { makeClinic, makeStaff, signInAdmin, SignedIn, uniqueClinicCode } from './factories';
import { startTestApp, TestApp } from './support/test-app';

interface EventItem {
  id: string;
  action: string;
  actorId: string | null;
  clinicId: string | null;
  clientId: string | null;
  occurredAt: string;
  requestId: string | null;
}

describe('audit trail', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinicId: string;
  let otherClinicId: string;
  let coordinator: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    clinicId = (await makeClinic(t, admin)).id;
    otherClinicId = (await makeClinic(t, admin)).id;
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinicId);
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

  it('records a change with who did it and the request it came from', async () => {
    const res = await t.http.patch(`/api/v1/clinics/${clinicId}/settings`).set(coordinator.auth).send({ dropoutDays: 7 }).expect(200);
    const requestId = res.headers['x-request-id'];
    const event = (await events(coordinator, { actorId: coordinator.id })).find((e) => e.action === 'clinic.settings.update');
    expect(event).toMatchObject({ actorId: coordinator.id, clinicId, clientId: null, requestId });
  });

  it("shows a coordinator their clinic's events and none of another clinic", async () => {
    const nurseHere = await makeStaff(t, admin, Role.Nurse, clinicId);
    const nurseThere = await makeStaff(t, admin, Role.Nurse, otherClinicId);
    const seen = await events(coordinator);
    expect(seen.every((e) => e.clinicId === clinicId)).toBe(true);
    expect(seen.some((e) => e.action === 'auth.login' && e.actorId === nurseHere.id)).toBe(true);
    expect(seen.some((e) => e.actorId === nurseThere.id)).toBe(false);
  });

  it('shows an admin staff and clinic events, never events about clients', async () => {
    const seen = await events(admin);
    expect(seen.some((e) => e.action === 'clinic.create')).toBe(true);
    expect(seen.some((e) => e.action === 'staff.create')).toBe(true);
    expect(seen.every((e) => e.clientId === null)).toBe(true);
  });

  it('answers 400 to a cursor it did not give out, even one shaped like its own', async () => {
    const forged = Buffer.from(JSON.stringify(['not a time', '00000000-0000-4000-8000-000000000000'])).toString('base64url');
    for (const path of ['/api/v1/audit-events', '/api/v1/emergency-access']) {
      const res = await t.http.get(path).query({ cursor: forged }).set(coordinator.auth).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'cursor' }] });
    }
  });

  it('filters by actor and time, and pages with a cursor', async () => {
    const before = new Date().toISOString();
    await makeStaff(t, admin, Role.Counselor, clinicId);
    const recent = await events(admin, { from: before, actorId: admin.id });
    expect(recent.map((e) => e.action)).toEqual(['staff.create']);
    const none = await events(admin, { to: '2000-01-01' });
    expect(none).toEqual([]);
    const page = await t.http.get('/api/v1/audit-events').query({ limit: 2 }).set(admin.auth).expect(200);
    expect(page.body.items).toHaveLength(2);
    const next = await t.http.get('/api/v1/audit-events').query({ limit: 2, cursor: page.body.nextCursor }).set(admin.auth).expect(200);
    const firstIds = page.body.items.map((e: EventItem) => e.id);
    expect(next.body.items.some((e: EventItem) => firstIds.includes(e.id))).toBe(false);
    await t.http.get('/api/v1/audit-events').query({ from: 'yesterday' }).set(admin.auth).expect(400);
    await t.http.get('/api/v1/audit-events').query({ actorId: 'someone' }).set(admin.auth).expect(400);
  });

  it('writes no event when the change fails', async () => {
    const clinic = await makeClinic(t, admin);
    const count = (await events(admin, { actorId: admin.id })).length;
    await t.http.post('/api/v1/clinics').set(admin.auth).send({ code: clinic.code, name: 'Duplicate' }).expect(409);
    await t.http
      .post('/api/v1/clinics')
      .set(admin.auth)
      .send({ code: uniqueClinicCode(), name: 'Bad zone', timeZone: 'Nowhere' })
      .expect(400);
    expect((await events(admin, { actorId: admin.id })).length).toBe(count);
  });

  it('verifies the chains the caller may see', async () => {
    const forAdmin = await t.http.get('/api/v1/audit-events/verify').set(admin.auth).expect(200);
    expect(forAdmin.body).toEqual({ ok: true, checked: expect.any(Number), firstBrokenId: null });
    expect(forAdmin.body.checked).toBeGreaterThan(5);
    const forCoordinator = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
    expect(forCoordinator.body.ok).toBe(true);
    expect(forCoordinator.body.checked).toBeLessThan(forAdmin.body.checked);
  });

  it('keeps the audit trail from clinical staff', async () => {
    const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
    await t.http.get('/api/v1/audit-events').set(nurse.auth).expect(403);
    await t.http.get('/api/v1/audit-events/verify').set(nurse.auth).expect(403);
  });

  it('has the database refuse UPDATE, DELETE and TRUNCATE of audit events', async () => {
    const [event] = await events(admin);
    await expect(t.dataSource.query(`UPDATE audit_event SET action = 'edited' WHERE id = $1`, [event.id])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM audit_event WHERE id = $1`, [event.id])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
    const verify = await t.http.get('/api/v1/audit-events/verify').set(admin.auth).expect(200);
    expect(verify.body.ok).toBe(true);
  });
});
