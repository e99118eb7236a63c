import { Permission, Role, ROLE_PERMISSIONS, ROLES } from '@tongban/platform';
import { makeClinic, makeStaff, signIn, signInAdmin, SignedIn, STAFF_PASSWORD, unique } from './factories';
import { ADMIN_USERNAME, startTestApp, TestApp } from './support/test-app';

describe('auth', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinicId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    clinicId = (await makeClinic(t, admin)).id;
  });
  afterAll(() => t.close());

  /** The problem body without its request id, which differs per request. */
  function withoutRequestId(body: Record<string, unknown>): Record<string, unknown> {
    const { requestId, ...rest } = body;
    expect(typeof requestId).toBe('string');
    return rest;
  }

  it('signs in and answers the tokens and the user', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .send({ username: ADMIN_USERNAME, password: 'admin-password-for-tests' })
      .expect(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
      user: {
        id: expect.any(String),
        username: 'admin',
        displayName: 'Administrator',
        role: 'admin',
        clinicId: null,
        clinicTimeZone: null,
      },
    });
  });

  it("answers the clinic's time zone with the user at sign-in, refresh and /auth/me, and null for an admin", async () => {
    const clinic = await makeClinic(t, admin, { timeZone: 'America/Los_Angeles' });
    const counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
    const login = await t.http.post('/api/v1/auth/login').send({ username: counselor.username, password: STAFF_PASSWORD }).expect(200);
    expect(login.body.user).toEqual({
      id: counselor.id,
      username: counselor.username,
      displayName: 'Test counselor',
      role: 'counselor',
      clinicId: clinic.id,
      clinicTimeZone: 'America/Los_Angeles',
    });
    const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body).toEqual({ ...login.body.user, permissions: expect.any(Array) });
    const refreshed = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(200);
    expect(refreshed.body.user).toEqual(login.body.user);

    const adminMe = await t.http.get('/api/v1/auth/me').set(admin.auth).expect(200);
    expect(adminMe.body).toMatchObject({ role: 'admin', clinicId: null, clinicTimeZone: null });
  });

  it('accepts the username in any case and with surrounding spaces', async () => {
    await t.http.post('/api/v1/auth/login').send({ username: '  ADMIN ', password: 'admin-password-for-tests' }).expect(200);
  });

  it('answers an unknown username and a wrong password with the same 401', async () => {
    const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
    const unknown = await t.http
      .post('/api/v1/auth/login')
      .send({ username: unique('nobody'), password: 'whatever-password' })
      .expect(401);
    const wrong = await t.http.post('/api/v1/auth/login').send({ username: nurse.username, password: 'whatever-password' }).expect(401);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(withoutRequestId(unknown.body)).toEqual(withoutRequestId(wrong.body));
    expect(unknown.body.code).toBe('UNAUTHENTICATED');
  });

  it('answers 429 after ten failed sign-ins for one username, even with the right password', async () => {
    const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
    for (let i = 0; i < 10; i++) {
      await t.http
        .post('/api/v1/auth/login')
        .send({ username: nurse.username, password: `wrong-password-${i}` })
        .expect(401);
    }
    const res = await t.http.post('/api/v1/auth/login').send({ username: nurse.username, password: STAFF_PASSWORD }).expect(429);
    expect(res.body.code).toBe('RATE_LIMITED');
    // Another username is not affected.
    await signIn(t, admin.username, 'admin-password-for-tests');
  });

  it('throttles unknown usernames the same way, so 429 does not reveal who exists', async () => {
    const username = unique('ghost');
    for (let i = 0; i < 10; i++) {
      await t.http.post('/api/v1/auth/login').send({ username, password: 'wrong-password' }).expect(401);
    }
    await t.http.post('/api/v1/auth/login').send({ username, password: 'wrong-password' }).expect(429);
  });

  it('rotates refresh tokens: each works once and gives a new pair', async () => {
    const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
    const first = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: nurse.refreshToken }).expect(200);
    expect(first.body.refreshToken).not.toBe(nurse.refreshToken);
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${first.body.accessToken}`).expect(200);
    const second = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(200);
    expect(second.body.user.id).toBe(nurse.id);
  });

  it('revokes the whole chain when a spent refresh token comes back', async () => {
    const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
    const rotated = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: nurse.refreshToken }).expect(200);
    // The spent token is presented again (a thief's copy, say).
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: nurse.refreshToken }).expect(401);
    // Every token of the chain has stopped working: the newest refresh token and its access token.
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken }).expect(401);
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${rotated.body.accessToken}`).expect(401);
    await t.http.get('/api/v1/auth/me').set(nurse.auth).expect(401);
    // A fresh sign-in works again.
    await signIn(t, nurse.username, STAFF_PASSWORD);
    const events = await t.http
      .get('/api/v1/audit-events')
      .query({ actorId: nurse.id })
      .set((await makeCoordinator()).auth)
      .expect(200);
    expect(events.body.items.map((e: { action: string }) => e.action)).toContain('auth.refresh_token_reuse');
  });

  async function makeCoordinator(): Promise<SignedIn> {
    return makeStaff(t, admin, Role.Coordinator, clinicId);
  }

  it('refuses an unknown refresh token with 401', async () => {
    const res = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: 'not-a-token' }).expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('logs out: the refresh token and the access token stop working', async () => {
    const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
    await t.http.post('/api/v1/auth/logout').set(nurse.auth).send({ refreshToken: nurse.refreshToken }).expect(204);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: nurse.refreshToken }).expect(401);
    await t.http.get('/api/v1/auth/me').set(nurse.auth).expect(401);
  });

  it('answers /auth/me with the signed-in user', async () => {
    const counselor = await makeStaff(t, admin, Role.Counselor, clinicId);
    const res = await t.http.get('/api/v1/auth/me').set(counselor.auth).expect(200);
    expect(res.body).toEqual({
      id: counselor.id,
      username: counselor.username,
      displayName: 'Test counselor',
      role: 'counselor',
      clinicId,
      clinicTimeZone: 'Asia/Shanghai',
      permissions: expect.any(Array),
    });
  });

  it("answers /auth/me with the permissions of the user's role, as the server's role table holds them", async () => {
    for (const role of ROLES) {
      const user = role === Role.Admin ? admin : await makeStaff(t, admin, role, clinicId);
      const res = await t.http.get('/api/v1/auth/me').set(user.auth).expect(200);
      const permissions = res.body.permissions as string[];
      expect(new Set(permissions)).toEqual(ROLE_PERMISSIONS[role]);
      expect(permissions).toHaveLength(ROLE_PERMISSIONS[role].size);
    }
    // The table's meaning, seen through the API: a nurse records doses but writes no orders; an admin reads no client.
    const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
    const nurseMe = await t.http.get('/api/v1/auth/me').set(nurse.auth).expect(200);
    expect(nurseMe.body.permissions).toContain(Permission.DoseRecord);
    expect(nurseMe.body.permissions).not.toContain(Permission.DoseOrderWrite);
    const adminMe = await t.http.get('/api/v1/auth/me').set(admin.auth).expect(200);
    expect(adminMe.body.permissions).toContain(Permission.StaffCreate);
    expect(adminMe.body.permissions).not.toContain(Permission.ClientRead);
  });

  it('refuses requests without a token, with a malformed one, or signed with another key', async () => {
    await t.http.get('/api/v1/auth/me').expect(401);
    await t.http.get('/api/v1/auth/me').set('Authorization', 'Bearer nonsense').expect(401);
    const forged =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAiLCJzaWQiOiJ4Iiwicm9sZSI6ImFkbWluIn0.hPn8lq3p9r5kO3nB0o1eXo0bS4tW9E2bqk4Yx3u1M4c';
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${forged}`).expect(401);
  });

  it("stops a deactivated account's tokens on the next request", async () => {
    const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
    await t.http.get('/api/v1/auth/me').set(nurse.auth).expect(200);
    await t.http.patch(`/api/v1/staff/${nurse.id}`).set(admin.auth).send({ active: false }).expect(200);
    await t.http.get('/api/v1/auth/me').set(nurse.auth).expect(401);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: nurse.refreshToken }).expect(401);
    await t.http.post('/api/v1/auth/login').send({ username: nurse.username, password: STAFF_PASSWORD }).expect(401);
    // Reactivated, the account signs in again.
    await t.http.patch(`/api/v1/staff/${nurse.id}`).set(admin.auth).send({ active: true }).expect(200);
    await signIn(t, nurse.username, STAFF_PASSWORD);
  });

  describe('password change', () => {
    it('needs the current password and at least 12 characters', async () => {
      const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
      const wrong = await t.http
        .post('/api/v1/auth/password')
        .set(nurse.auth)
        .send({ currentPassword: 'not-the-password', newPassword: 'a-new-long-password' })
        .expect(422);
      expect(wrong.body.code).toBe('CURRENT_PASSWORD_WRONG');
      const short = await t.http
        .post('/api/v1/auth/password')
        .set(nurse.auth)
        .send({ currentPassword: STAFF_PASSWORD, newPassword: 'short' })
        .expect(400);
      expect(short.body.errors).toEqual([
        { field: 'newPassword', message: 'newPassword must be at least 12 characters', key: 'tooShort', limits: { min: 12 } },
      ]);
    });

    it('changes the password and ends every other session', async () => {
      const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
      const other = await signIn(t, nurse.username, STAFF_PASSWORD);
      await t.http
        .post('/api/v1/auth/password')
        .set(nurse.auth)
        .send({ currentPassword: STAFF_PASSWORD, newPassword: 'a-brand-new-password' })
        .expect(204);
      await t.http.get('/api/v1/auth/me').set(nurse.auth).expect(200);
      await t.http.get('/api/v1/auth/me').set(other.auth).expect(401);
      await t.http.post('/api/v1/auth/login').send({ username: nurse.username, password: STAFF_PASSWORD }).expect(401);
      await signIn(t, nurse.username, 'a-brand-new-password');
    });

    it('lets an admin reset a password, which ends every session of the account', async () => {
      const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
      await t.http.post(`/api/v1/staff/${nurse.id}/password`).set(admin.auth).send({ newPassword: 'reset-by-the-admin' }).expect(204);
      await t.http.get('/api/v1/auth/me').set(nurse.auth).expect(401);
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: nurse.refreshToken }).expect(401);
      await signIn(t, nurse.username, 'reset-by-the-admin');
    });
  });
});
