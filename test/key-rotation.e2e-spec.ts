import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, run, Running, waitFor } from './support/process';
import { completeFirstSignIn } from './support/first-sign-in';
import { createSuiteDatabase } from './support/test-database';

const CLI_MAIN = join(process.cwd(), 'dist/apps/cli/src/keys-rotate.js');
const API_MAIN = join(process.cwd(), 'dist/apps/api/src/main.js');
const OLD = `k1:${randomBytes(32).toString('base64')}`;
const NEW = `k2:${randomBytes(32).toString('base64')}`;
const ADMIN_PASSWORD = 'rotation-admin-password';
const PHOTO = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2048)]);

/**
 * npm run keys:rotate through the built programs: data sealed under an old
 * key is re-sealed under the new one while the API keeps answering (on
 * PostgreSQL), and afterwards the old key is no longer needed.
 */
describe('npm run keys:rotate', () => {
  let dataDir: string;
  let database: { url: string; drop: () => Promise<void> } | undefined;
  let server: Running | undefined;
  let base: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tongban-rotate-'));
    database = process.env.DATABASE_URL ? await createSuiteDatabase(process.env.DATABASE_URL) : undefined;
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function env(keys: string, port?: number): Record<string, string> {
    return {
      DATA_DIR: dataDir,
      DATA_ENCRYPTION_KEY: keys,
      JWT_SECRET: 'rotation-test-jwt-secret-of-enough-length',
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      ...(port ? { PORT: String(port) } : {}),
      ...(database ? { DATABASE_URL: database.url } : {}),
    };
  }

  async function start(keys: string): Promise<void> {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = run(API_MAIN, env(keys, port));
    await waitFor(
      () =>
        fetch(`${base}/health/ready`).then(
          (res) => res.status === 200,
          () => false,
        ),
      60_000,
      'the server to be ready',
    );
  }

  async function stop(): Promise<void> {
    server!.child.kill('SIGTERM');
    expect((await server!.exited).code).toBe(0);
  }

  async function call(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  }

  async function login(username: string, password: string): Promise<string> {
    const res = await call('POST', '/auth/login', null, { username, password });
    expect(res.status).toBe(200);
    await completeFirstSignIn(base, res.body, password);
    return res.body.accessToken as string;
  }

  // Three starts of the server and runs of the command line, each a process of its own: the default minute is too
  // little on a machine busy with the other suites.
  it('re-seals every value under the new key, keeps search working, and needs the old key no more', async () => {
    await start(OLD);
    const admin = await login('admin', ADMIN_PASSWORD);
    const clinic = await call('POST', '/clinics', admin, { code: 'RK01', name: 'Rotation clinic' });
    for (const [username, role] of [
      ['rk-coordinator', 'coordinator'],
      ['rk-nurse', 'nurse'],
    ]) {
      expect(
        (await call('POST', '/staff', admin, { username, password: ADMIN_PASSWORD, displayName: username, role, clinicId: clinic.body.id }))
          .status,
      ).toBe(201);
    }
    const coordinator = await login('rk-coordinator', ADMIN_PASSWORD);
    const nurse = await login('rk-nurse', ADMIN_PASSWORD);
    const registered = await call('POST', '/clients', coordinator, {
      givenName: '秀英',
      familyName: '王',
      dateOfBirth: '1980-02-03',
      sex: 'female',
      phone: '13700001111',
      nationalId: '530102198002031234',
      intakeDate: '2025-01-02',
    });
    expect(registered.status).toBe(201);
    const id = registered.body.id as string;
    expect((await call('POST', `/clients/${id}/consents`, coordinator, { scope: 'research', note: '纸质同意书' })).status).toBe(201);
    expect((await call('POST', `/clients/${id}/emergency-access`, nurse, { reason: 'fainted in the waiting room' })).status).toBe(201);
    const upload = await fetch(`${base}/api/v1/clients/${id}/photo`, {
      method: 'PUT',
      headers: { 'content-type': 'image/png', authorization: `Bearer ${coordinator}` },
      body: PHOTO,
    });
    expect(upload.status).toBe(204);
    await stop();

    // Every process gets the new key first, the old one still listed.
    await start(`${NEW},${OLD}`);
    const reader = await login('rk-coordinator', ADMIN_PASSWORD);
    const rotation = run(CLI_MAIN, env(`${NEW},${OLD}`));
    if (!database) {
      // The embedded database belongs to one process: stop the server for the rotation.
      await stop();
    } else {
      // Reads go on while the rotation runs.
      while (rotation.child.exitCode === null) {
        expect((await call('GET', `/clients/${id}`, reader, undefined)).status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await stop();
    }
    expect((await rotation.exited).code).toBe(0);
    expect(rotation.output()).toMatch(/client: 1 rows checked, 1 re-sealed under key k2/);
    expect(rotation.output()).toMatch(/consent: 1 rows checked, 1 re-sealed/);
    expect(rotation.output()).toMatch(/emergency_access: 1 rows checked, 1 re-sealed/);
    expect(rotation.output()).toMatch(/client_photo: 1 rows checked, 1 re-sealed/);

    if (database) {
      const pg = new Client({ connectionString: database.url });
      await pg.connect();
      const stale = await pg.query(
        `SELECT count(*)::int AS n FROM client WHERE given_name LIKE 'v1.k1.%' OR phone LIKE 'v1.k1.%' OR national_id LIKE 'v1.k1.%'`,
      );
      await pg.end();
      expect(stale.rows[0].n).toBe(0);
    }

    // The old key is gone: everything still opens, and search finds the client.
    await start(NEW);
    const after = await login('rk-coordinator', ADMIN_PASSWORD);
    const client = await call('GET', `/clients/${id}`, after, undefined);
    expect(client.body).toMatchObject({ givenName: '秀英', familyName: '王', phone: '13700001111', nationalId: '530102198002031234' });
    for (const q of ['王秀英', '137 0000 1111', '530102198002031234']) {
      const found = await call('GET', `/clients?q=${encodeURIComponent(q)}`, after, undefined);
      expect(found.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
    }
    const consents = await call('GET', `/clients/${id}/consents`, after, undefined);
    expect(consents.body.items[0].note).toBe('纸质同意书');
    const photo = await fetch(`${base}/api/v1/clients/${id}/photo`, { headers: { authorization: `Bearer ${after}` } });
    expect(photo.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await photo.arrayBuffer()), PHOTO)).toBe(0);
    const review = await call('GET', '/emergency-access', after, undefined);
    expect(review.body.items[0].reason).toBe('fainted in the waiting room');
    const duplicate = await call('POST', '/clients', after, {
      givenName: 'X',
      familyName: 'Y',
      dateOfBirth: '1980-02-03',
      sex: 'male',
      nationalId: '530102198002031234',
      intakeDate: '2025-01-02',
    });
    expect(duplicate.status).toBe(409);
    await stop();

    // Running it again changes nothing.
    const again = run(CLI_MAIN, env(NEW));
    expect((await again.exited).code).toBe(0);
    expect(again.output()).toMatch(/client: 1 rows checked, 0 re-sealed/);
  }, 180_000);
});
