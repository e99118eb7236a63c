import { randomBytes } from 'node:crypto';
import { Role } from '@tongban/platform';
import { ADMIN_PASSWORD, ADMIN_USERNAME, TestApp } from '../support/test-app';

export const STAFF_PASSWORD = 'correct horse battery staple';

/** A name no other test uses. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A clinic code no other test uses: two capitals and up to six more characters. */
export function uniqueClinicCode(): string {
  return `T${randomBytes(3).toString('hex').toUpperCase()}`;
}

export interface SignedIn {
  id: string;
  username: string;
  role: Role;
  clinicId: string | null;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

export async function signIn(t: TestApp, username: string, password: string): Promise<SignedIn> {
  const res = await t.http.post('/api/v1/auth/login').send({ username, password }).expect(200);
  const body = res.body as {
    accessToken: string;
    refreshToken: string;
    user: { id: string; username: string; role: Role; clinicId: string | null };
  };
  return {
    ...body.user,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}

export function signInAdmin(t: TestApp): Promise<SignedIn> {
  return signIn(t, ADMIN_USERNAME, ADMIN_PASSWORD);
}

export interface ClinicRecord {
  id: string;
  code: string;
  name: string;
  timeZone: string;
}

export async function makeClinic(
  t: TestApp,
  admin: SignedIn,
  fields: Partial<{ code: string; name: string; timeZone: string }> = {},
): Promise<ClinicRecord> {
  const res = await t.http
    .post('/api/v1/clinics')
    .set(admin.auth)
    .send({ code: uniqueClinicCode(), name: unique('Clinic'), timeZone: 'Asia/Shanghai', ...fields })
    .expect(201);
  return res.body as ClinicRecord;
}

/** Creates a staff member through the API and signs them in. */
export async function makeStaff(t: TestApp, admin: SignedIn, role: Role, clinicId: string | null): Promise<SignedIn> {
  const username = unique(role.replace('_', '-'));
  await t.http
    .post('/api/v1/staff')
    .set(admin.auth)
    .send({ username, password: STAFF_PASSWORD, displayName: `Test ${role}`, role, clinicId })
    .expect(201);
  return signIn(t, username, STAFF_PASSWORD);
}
