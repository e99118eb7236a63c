import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_MAIN, freePort, run, Running, waitFor, WORKER_MAIN } from './support/process';
import { PrivateRedis, startPrivateRedis } from './support/private-redis';
import { SmsSink, startSmsSink } from './support/reminder-sinks';
import { createSuiteDatabase } from './support/test-database';

/** The PostgreSQL server the processes share (replicas cannot share an embedded database). */
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN_PASSWORD = 'replica-admin-password';
const STAFF_PASSWORD = 'replica staff password';
const TZ = 'Asia/Shanghai';

interface Api {
  process: Running;
  url: string;
}

/**
 * As `docker compose` runs a province: two API processes and two workers
 * (the built entry points) on one PostgreSQL and one Redis. The rules that
 * must hold across replicas are tried through both APIs at once: one observed
 * dose a client and day, the login limit, and each reminder delivered once.
 */
describe('two API processes and two workers on one PostgreSQL and Redis', () => {
  let redis: PrivateRedis;
  let sms: SmsSink;
  let database: { url: string; drop: () => Promise<void> };
  let dataDir: string;
  const apis: Api[] = [];
  const workers: Running[] = [];
  const secrets = { JWT_SECRET: randomBytes(32).toString('hex'), DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  let admin: Record<string, string>;
  let coordinator: Record<string, string>;
  let nurse: Record<string, string>;
  let clinicId: string;
  let clientId: string;

  function env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...secrets,
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      SMS_GATEWAY_URL: sms.url,
      SMS_GATEWAY_TOKEN: 'gateway-token',
      BOOTSTRAP_ADMIN_USERNAME: 'admin',
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      REMINDER_POLL_MS: '200',
      ...extra,
    };
  }

  async function startApi(): Promise<Api> {
    const port = await freePort();
    const api = { process: run(API_MAIN, env({ PORT: String(port) })), url: `http://127.0.0.1:${port}` };
    apis.push(api);
    await waitFor(
      async () => {
        if (api.process.child.exitCode !== null) throw new Error(`the API exited:\n${api.process.output()}`);
        return fetch(`${api.url}/health/ready`).then(
          (res) => res.status === 200,
          () => false,
        );
      },
      60_000,
      'the API to be ready',
    );
    return api;
  }

  async function startWorker(): Promise<void> {
    const port = await freePort();
    const worker = run(WORKER_MAIN, env({ HEALTH_PORT: String(port) }));
    workers.push(worker);
    await waitFor(
      async () => {
        if (worker.child.exitCode !== null) throw new Error(`the worker exited:\n${worker.output()}`);
        return fetch(`http://127.0.0.1:${port}/health/ready`).then(
          (res) => res.status === 200,
          () => false,
        );
      },
      60_000,
      'the worker to be ready',
    );
  }

  async function call(
    api: Api,
    method: string,
    path: string,
    auth: Record<string, string>,
    body?: unknown,
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(`${api.url}/api/v1${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  /** Signs in (changing a password someone else set, where the API asks for it) and returns the Authorization header. */
  async function signIn(api: Api, username: string, password: string): Promise<Record<string, string>> {
    const login = await call(api, 'POST', '/auth/login', {}, { username, password });
    expect(login.status).toBe(200);
    let auth = { Authorization: `Bearer ${login.body.accessToken as string}` };
    if (login.body.user?.mustChangePassword) {
      const newPassword = `${password} changed`;
      expect((await call(api, 'POST', '/auth/password', auth, { currentPassword: password, newPassword })).status).toBe(204);
      const again = await call(api, 'POST', '/auth/login', {}, { username, password: newPassword });
      expect(again.status).toBe(200);
      auth = { Authorization: `Bearer ${again.body.accessToken as string}` };
    }
    return auth;
  }

  async function makeStaff(role: string): Promise<Record<string, string>> {
    const username = `${role.replace('_', '-')}-${randomBytes(3).toString('hex')}`;
    const created = await call(apis[0], 'POST', '/staff', admin, { username, password: STAFF_PASSWORD, displayName: role, role, clinicId });
    expect(created.status).toBe(201);
    return signIn(apis[1], username, STAFF_PASSWORD);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tongban-replicas-'));
    [redis, sms, database] = await Promise.all([startPrivateRedis(), startSmsSink(), createSuiteDatabase(SERVER_URL)]);
    // The first API migrates the empty database; the others start on it.
    await startApi();
    await Promise.all([startApi(), startWorker(), startWorker()]);
    admin = await signIn(apis[0], 'admin', ADMIN_PASSWORD);
    const clinic = await call(apis[0], 'POST', '/clinics', admin, {
      code: `R${randomBytes(2).toString('hex').toUpperCase()}`,
      name: 'Replica clinic',
      timeZone: TZ,
    });
    expect(clinic.status).toBe(201);
    clinicId = clinic.body.id as string;
    coordinator = await makeStaff('coordinator');
    nurse = await makeStaff('nurse');
    const physician = await makeStaff('physician');
    // No quiet hours: the processes run on the real clock, at whatever hour.
    expect(
      (await call(apis[1], 'PATCH', `/clinics/${clinicId}/settings`, coordinator, { quietHoursStart: '00:00', quietHoursEnd: '00:00' }))
        .status,
    ).toBe(200);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date());
    const client = await call(apis[0], 'POST', '/clients', coordinator, {
      givenName: 'Replica',
      familyName: 'Client',
      dateOfBirth: '1980-01-01',
      sex: 'female',
      phone: '13900000001',
      intakeDate: today,
    });
    expect(client.status).toBe(201);
    clientId = client.body.id as string;
    expect(
      (
        await call(apis[0], 'POST', `/clients/${clientId}/care-team`, coordinator, {
          staffId: (await call(apis[0], 'GET', '/auth/me', physician)).body.id,
          role: 'physician',
        })
      ).status,
    ).toBe(201);
    expect((await call(apis[1], 'POST', `/clients/${clientId}/dose-orders`, physician, { doseMg: 60, effectiveDate: today })).status).toBe(
      201,
    );
    expect((await call(apis[0], 'POST', `/clients/${clientId}/consents`, coordinator, { scope: 'sms_reminders' })).status).toBe(201);
  }, 240_000);

  afterAll(async () => {
    for (const running of [...apis.map((api) => api.process), ...workers]) {
      if (running.child.exitCode === null && running.child.signalCode === null) {
        running.child.kill('SIGTERM');
        await running.exited;
      }
    }
    await Promise.all([redis?.stop(), sms?.close(), database?.drop()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records one observed dose when 20 are sent for one client and day through both APIs at once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(apis[i % 2], 'POST', `/clients/${clientId}/doses`, nurse, { doseMg: 60, kind: 'observed' }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status !== 201).every((status) => status === 409)).toBe(true);
    const doses = await call(apis[0], 'GET', `/clients/${clientId}/doses`, nurse);
    expect(doses.body.items).toHaveLength(1);
  });

  it('checks at most 10 passwords when 50 wrong logins for one username arrive through both APIs at once', async () => {
    const username = `target-${randomBytes(3).toString('hex')}`;
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call(apis[i % 2], 'POST', '/auth/login', {}, { username, password: `wrong password ${i}` })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(40);
  });

  it('delivers each of 60 reminders written through both APIs exactly once, with two workers', async () => {
    const sendAt = new Date(Date.now() + 2_000).toISOString();
    const created = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        call(apis[i % 2], 'POST', '/reminders', coordinator, { clientId, kind: 'appointment', channel: 'sms', sendAt }),
      ),
    );
    expect(created.every((answer) => answer.status === 201)).toBe(true);
    const ids = created.map((answer) => answer.body.id as string);
    await waitFor(
      async () => {
        const listed = await call(apis[0], 'GET', `/reminders?clientId=${clientId}&status=sent&limit=200`, coordinator);
        return (listed.body.items as Array<{ id: string }>).filter((item) => ids.includes(item.id)).length === ids.length;
      },
      60_000,
      'every reminder to be sent',
    );
    expect(ids.map((id) => sms.requestsFor(id).length)).toEqual(ids.map(() => 1));
  });
});
