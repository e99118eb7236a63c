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
        carePlanReviewDays: 90,
        quietHoursStart: '21:00',
        quietHoursEnd: '08:00',
        drugTestsPerMonth: 1,
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
        .send({ dropoutDays: 7, carePlanReviewDays: 60, quietHoursStart: '22:30', quietHoursEnd: '07:00' })
        .expect(200);
      expect(res.body).toEqual({
        timeZone: 'Asia/Shanghai',
        missedDosesAssess: 3,
        missedDosesRetitrate: 5,
        dropoutDays: 7,
        carePlanReviewDays: 60,
        quietHoursStart: '22:30',
        quietHoursEnd: '07:00',
        drugTestsPerMonth: 1,
      });
      const clinic = await t.http.get(`/api/v1/clinics/${own}`).set(coordinator.auth).expect(200);
      expect(clinic.body.settings.dropoutDays).toBe(7);
    });

    it('refuses thresholds out of order, bad quiet hours and a bad time zone, and changes nothing', async () => {
      await t.http.patch(`/api/v1/clinics/${own}/settings`).set(coordinator.auth).send({ missedDosesAssess: 6 }).expect(400);
      await t.http.patch(`/api/v1/clinics/${own}/settings`).set(coordinator.auth).send({ quietHoursStart: '25:00' }).expect(400);
      await t.http.patch(`/api/v1/clinics/${own}/settings`).set(coordinator.auth).send({ timeZone: 'Nowhere/Town' }).expect(400);
      await t.http.patch(`/api/v1/clinics/${own}/settings`).set(coordinator.auth).send({ dropoutDays: 'thirty' }).expect(400);
      const days = await t.http.patch(`/api/v1/clinics/${own}/settings`).set(coordinator.auth).send({ carePlanReviewDays: 3 }).expect(400);
      expect(days.body.errors).toEqual([expect.objectContaining({ field: 'carePlanReviewDays' })]);
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

  describe('rename', () => {
    it('lets an admin rename a clinic, stored without surrounding spaces and audited with both names', async () => {
      const clinic = await makeClinic(t, admin, { name: '昆明第二门诊' });
      const res = await t.http.patch(`/api/v1/clinics/${clinic.id}`).set(admin.auth).send({ name: '  昆明市第二美沙酮门诊  ' }).expect(200);
      expect(res.body).toMatchObject({ id: clinic.id, code: clinic.code, name: '昆明市第二美沙酮门诊', timeZone: clinic.timeZone });
      await t.http
        .get(`/api/v1/clinics/${clinic.id}`)
        .set(admin.auth)
        .expect(200)
        .expect((read) => expect(read.body.name).toBe('昆明市第二美沙酮门诊'));
      const events = await t.dataSource.query<Array<{ actor_id: string; details: Record<string, unknown> }>>(
        `SELECT actor_id, details FROM audit_event WHERE action = 'clinic.update' AND target_id = $1`,
        [clinic.id],
      );
      expect(events).toEqual([{ actor_id: admin.id, details: { name: '昆明市第二美沙酮门诊', previousName: '昆明第二门诊' } }]);
    });

    it('refuses an empty, blank or too long name, or other fields, with 400 at the field and changes nothing', async () => {
      const clinic = await makeClinic(t, admin);
      for (const [body, field] of [
        [{ name: '' }, 'name'],
        [{ name: '   ' }, 'name'],
        [{ name: 'x'.repeat(201) }, 'name'],
        [{}, 'name'],
        [{ name: 'A new name', code: 'ZZ99' }, 'code'],
      ] as const) {
        const res = await t.http.patch(`/api/v1/clinics/${clinic.id}`).set(admin.auth).send(body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      }
      // 200 characters is the limit, kept whole.
      const longest = '名'.repeat(200);
      const ok = await t.http.patch(`/api/v1/clinics/${clinic.id}`).set(admin.auth).send({ name: longest }).expect(200);
      expect(ok.body.name).toBe(longest);
    });

    it('is for admins only: a coordinator gets 403, an unknown clinic 404', async () => {
      const clinic = await makeClinic(t, admin);
      const coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
      const refused = await t.http.patch(`/api/v1/clinics/${clinic.id}`).set(coordinator.auth).send({ name: 'Mine now' }).expect(403);
      expect(refused.body.code).toBe('FORBIDDEN');
      await t.http.patch('/api/v1/clinics/00000000-0000-4000-8000-000000000000').set(admin.auth).send({ name: 'Nobody' }).expect(404);
      await t.http
        .get(`/api/v1/clinics/${clinic.id}`)
        .set(admin.auth)
        .expect((read) => expect(read.body.name).toBe(clinic.name));
    });
  });
});
