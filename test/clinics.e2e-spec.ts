import { Role } from '@tongban/platform';
import { makeClinic, makeStaff, signInAdmin, SignedIn, uniqueClinicCode } from './factories';
import { startTestApp, TestApp } from './support/test-app';

describe('clinics', () => {
  let t: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
  });
  afterAll(() => t.close());

  it('creates a clinic with default settings', async () => {
    const code = uniqueClinicCode();
    const res = await t.http
      .post('/api/v1/clinics')
      .set(admin.auth)
      .send({ code, name: '昆明第一门诊', timeZone: 'Asia/Shanghai' })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      code,
      name: '昆明第一门诊',
      timeZone: 'Asia/Shanghai',
      settings: {
        timeZone: 'Asia/Shanghai',
        missedDosesAssess: 3,
        missedDosesRetitrate: 5,
        dropoutDays: 30,
        quietHoursStart: '21:00',
        quietHoursEnd: '08:00',
      },
      createdAt: expect.any(String),
    });
    await t.http.get(`/api/v1/clinics/${res.body.id}`).set(admin.auth).expect(200, res.body);
  });

  it('defaults the time zone to Asia/Shanghai', async () => {
    const res = await t.http.post('/api/v1/clinics').set(admin.auth).send({ code: uniqueClinicCode(), name: 'No zone given' }).expect(201);
    expect(res.body.timeZone).toBe('Asia/Shanghai');
  });

  it('refuses a duplicate code with 409 CLINIC_CODE_TAKEN', async () => {
    const clinic = await makeClinic(t, admin);
    const res = await t.http.post('/api/v1/clinics').set(admin.auth).send({ code: clinic.code, name: 'Again' }).expect(409);
    expect(res.body.code).toBe('CLINIC_CODE_TAKEN');
  });

  it('refuses a time zone that is not an IANA zone, and a malformed code', async () => {
    const zone = await t.http
      .post('/api/v1/clinics')
      .set(admin.auth)
      .send({ code: uniqueClinicCode(), name: 'X', timeZone: 'Mars/Olympus' })
      .expect(400);
    expect(zone.body.errors).toEqual([
      { field: 'timeZone', message: 'timeZone must be an IANA time zone such as Asia/Shanghai', key: 'timeZone' },
    ]);
    const code = await t.http.post('/api/v1/clinics').set(admin.auth).send({ code: 'km-01', name: 'X' }).expect(400);
    expect(code.body.errors[0].field).toBe('code');
  });

  it('lists clinics in pages with an opaque cursor', async () => {
    await makeClinic(t, admin);
    await makeClinic(t, admin);
    const first = await t.http.get('/api/v1/clinics').query({ limit: 1 }).set(admin.auth).expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await t.http.get('/api/v1/clinics').query({ limit: 1, cursor: first.body.nextCursor }).set(admin.auth).expect(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    await t.http.get('/api/v1/clinics').query({ limit: 201 }).set(admin.auth).expect(400);
    await t.http.get('/api/v1/clinics').query({ cursor: 'garbage' }).set(admin.auth).expect(400);
  });

  describe('a coordinator', () => {
    let own: string;
    let other: string;
    let coordinator: SignedIn;

    beforeAll(async () => {
      own = (await makeClinic(t, admin)).id;
      other = (await makeClinic(t, admin)).id;
      coordinator = await makeStaff(t, admin, Role.Coordinator, own);
    });

    it('reads their own clinic, and only it', async () => {
      await t.http.get(`/api/v1/clinics/${own}`).set(coordinator.auth).expect(200);
      const list = await t.http.get('/api/v1/clinics').set(coordinator.auth).expect(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([own]);
    });

    it('cannot see or touch another clinic: 404 as if it did not exist', async () => {
      const read = await t.http.get(`/api/v1/clinics/${other}`).set(coordinator.auth).expect(404);
      expect(read.body.code).toBe('NOT_FOUND');
      await t.http.patch(`/api/v1/clinics/${other}/settings`).set(coordinator.auth).send({ dropoutDays: 7 }).expect(404);
      await t.http.get('/api/v1/staff').query({ clinicId: other }).set(coordinator.auth).expect(404);
    });

    it('cannot create clinics', async () => {
      const res = await t.http.post('/api/v1/clinics').set(coordinator.auth).send({ code: uniqueClinicCode(), name: 'X' }).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });

    it('changes the settings of their clinic and gets all settings back', async () => {
      const res = await t.http
        .patch(`/api/v1/clinics/${own}/settings`)
        .set(coordinator.auth)
        .send({ dropoutDays: 7, quietHoursStart: '22:30', quietHoursEnd: '07:00' })
        .expect(200);
      expect(res.body).toEqual({
        timeZone: 'Asia/Shanghai',
        missedDosesAssess: 3,
        missedDosesRetitrate: 5,
        dropoutDays: 7,
        quietHoursStart: '22:30',
        quietHoursEnd: '07:00',
      });
      const clinic = await t.http.get(`/api/v1/clinics/${own}`).set(coordinator.auth).expect(200);
      expect(clinic.body.settings.dropoutDays).toBe(7);
    });

    it('refuses thresholds out of order, bad quiet hours and a bad time zone, and changes nothing', async () => {
      await t.http.patch(`/api/v1/clinics/${own}/settings`).set(coordinator.auth).send({ missedDosesAssess: 6 }).expect(400);
      await t.http.patch(`/api/v1/clinics/${own}/settings`).set(coordinator.auth).send({ quietHoursStart: '25:00' }).expect(400);
      await t.http.patch(`/api/v1/clinics/${own}/settings`).set(coordinator.auth).send({ timeZone: 'Nowhere/Town' }).expect(400);
      await t.http.patch(`/api/v1/clinics/${own}/settings`).set(coordinator.auth).send({ dropoutDays: 'thirty' }).expect(400);
      const clinic = await t.http.get(`/api/v1/clinics/${own}`).set(coordinator.auth).expect(200);
      expect(clinic.body.settings.missedDosesAssess).toBe(3);
      expect(clinic.body.settings.timeZone).toBe('Asia/Shanghai');
    });

    it('lets an admin change any clinic time zone to another IANA zone', async () => {
      const res = await t.http
        .patch(`/api/v1/clinics/${other}/settings`)
        .set(admin.auth)
        .send({ timeZone: 'America/Los_Angeles' })
        .expect(200);
      expect(res.body.timeZone).toBe('America/Los_Angeles');
    });
  });

  it('forbids clinical roles from reading clinics', async () => {
    const clinic = await makeClinic(t, admin);
    for (const role of [Role.Nurse, Role.Physician, Role.Counselor, Role.PeerLeader]) {
      const staff = await makeStaff(t, admin, role, clinic.id);
      await t.http.get(`/api/v1/clinics/${clinic.id}`).set(staff.auth).expect(403);
      await t.http.patch(`/api/v1/clinics/${clinic.id}/settings`).set(staff.auth).send({ dropoutDays: 7 }).expect(403);
    }
  });
});
