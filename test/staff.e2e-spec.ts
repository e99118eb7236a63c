import { Role, ROLES } from '@tongban/platform';
import { makeClinic, makeStaff, signIn, signInAdmin, SignedIn, STAFF_PASSWORD, unique } from './factories';
import { startTestApp, TestApp } from './support/test-app';

describe('staff', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinicId: string;
  let otherClinicId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    clinicId = (await makeClinic(t, admin)).id;
    otherClinicId = (await makeClinic(t, admin)).id;
  });
  afterAll(() => t.close());

  it.each(ROLES.filter((role) => role !== Role.Admin))('creates a %s who can sign in; no password in the answer', async (role) => {
    const username = unique('Staff');
    const res = await t.http
      .post('/api/v1/staff')
      .set(admin.auth)
      .send({ username, password: STAFF_PASSWORD, displayName: '王医生', role, clinicId })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      username: username.toLowerCase(),
      displayName: '王医生',
      role,
      clinicId,
      active: true,
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toContain(STAFF_PASSWORD);
    const signedIn = await signIn(t, username, STAFF_PASSWORD);
    expect(signedIn.role).toBe(role);
  });

  it('creates another admin without a clinic', async () => {
    const res = await t.http
      .post('/api/v1/staff')
      .set(admin.auth)
      .send({ username: unique('admin'), password: STAFF_PASSWORD, displayName: 'Second admin', role: 'admin' })
      .expect(201);
    expect(res.body.clinicId).toBeNull();
  });

  it('refuses a taken username, whatever its case, with 409 USERNAME_TAKEN', async () => {
    const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
    const res = await t.http
      .post('/api/v1/staff')
      .set(admin.auth)
      .send({ username: nurse.username.toUpperCase(), password: STAFF_PASSWORD, displayName: 'Copy', role: 'nurse', clinicId })
      .expect(409);
    expect(res.body.code).toBe('USERNAME_TAKEN');
  });

  it('refuses a clinic for an admin, no clinic for anyone else, and an unknown clinic', async () => {
    const base = { password: STAFF_PASSWORD, displayName: 'X' };
    const adminWithClinic = await t.http
      .post('/api/v1/staff')
      .set(admin.auth)
      .send({ ...base, username: unique('a'), role: 'admin', clinicId })
      .expect(400);
    expect(adminWithClinic.body.errors).toEqual([{ field: 'clinicId', message: 'an admin belongs to no clinic' }]);
    const nurseWithout = await t.http
      .post('/api/v1/staff')
      .set(admin.auth)
      .send({ ...base, username: unique('n'), role: 'nurse' })
      .expect(400);
    expect(nurseWithout.body.errors[0].field).toBe('clinicId');
    const unknown = await t.http
      .post('/api/v1/staff')
      .set(admin.auth)
      .send({ ...base, username: unique('n'), role: 'nurse', clinicId: '00000000-0000-4000-8000-000000000000' })
      .expect(422);
    expect(unknown.body.code).toBe('UNKNOWN_CLINIC');
  });

  it('refuses a short password, an unknown role and a bad username', async () => {
    const res = await t.http
      .post('/api/v1/staff')
      .set(admin.auth)
      .send({ username: 'a b', password: 'short', displayName: 'X', role: 'janitor', clinicId })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['password', 'role', 'username']);
  });

  it('lets a coordinator list their clinic staff and no other', async () => {
    const coordinator = await makeStaff(t, admin, Role.Coordinator, clinicId);
    const elsewhere = await makeStaff(t, admin, Role.Nurse, otherClinicId);
    const res = await t.http.get('/api/v1/staff').query({ limit: 200 }).set(coordinator.auth).expect(200);
    const ids = res.body.items.map((s: { id: string }) => s.id);
    expect(ids).toContain(coordinator.id);
    expect(ids).not.toContain(elsewhere.id);
    expect(res.body.items.every((s: { clinicId: string }) => s.clinicId === clinicId)).toBe(true);
    await t.http.get(`/api/v1/staff/${elsewhere.id}`).set(coordinator.auth).expect(404);
    await t.http.get('/api/v1/staff').query({ clinicId: otherClinicId }).set(coordinator.auth).expect(404);
  });

  it('lets an admin filter staff by clinic and role', async () => {
    const physician = await makeStaff(t, admin, Role.Physician, otherClinicId);
    const res = await t.http.get('/api/v1/staff').query({ clinicId: otherClinicId, role: 'physician' }).set(admin.auth).expect(200);
    expect(res.body.items.map((s: { id: string }) => s.id)).toContain(physician.id);
    expect(res.body.items.every((s: { role: string }) => s.role === 'physician')).toBe(true);
  });

  it('lets only admins create, change and reset staff', async () => {
    const coordinator = await makeStaff(t, admin, Role.Coordinator, clinicId);
    const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
    await t.http
      .post('/api/v1/staff')
      .set(coordinator.auth)
      .send({ username: unique('n'), password: STAFF_PASSWORD, displayName: 'X', role: 'nurse', clinicId })
      .expect(403);
    await t.http.patch(`/api/v1/staff/${nurse.id}`).set(coordinator.auth).send({ active: false }).expect(403);
    await t.http.post(`/api/v1/staff/${nurse.id}/password`).set(coordinator.auth).send({ newPassword: 'a-long-new-password' }).expect(403);
    await t.http.get('/api/v1/staff').set(nurse.auth).expect(403);
  });

  it('renames a staff member and refuses unknown fields', async () => {
    const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
    const res = await t.http.patch(`/api/v1/staff/${nurse.id}`).set(admin.auth).send({ displayName: '李护士' }).expect(200);
    expect(res.body.displayName).toBe('李护士');
    const unknown = await t.http.patch(`/api/v1/staff/${nurse.id}`).set(admin.auth).send({ role: 'admin' }).expect(400);
    expect(unknown.body.errors).toEqual([{ field: 'role', message: 'property role should not exist', key: 'unknown' }]);
  });

  it('does not let an admin deactivate their own account', async () => {
    const res = await t.http.patch(`/api/v1/staff/${admin.id}`).set(admin.auth).send({ active: false }).expect(422);
    expect(res.body.code).toBe('CANNOT_DEACTIVATE_SELF');
  });

  it('answers 404 for an unknown staff id and 400 for a malformed one', async () => {
    await t.http.get('/api/v1/staff/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404);
    const res = await t.http.get('/api/v1/staff/not-a-uuid').set(admin.auth).expect(400);
    expect(res.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
  });
});
