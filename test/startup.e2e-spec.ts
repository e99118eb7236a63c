import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_MAIN, freePort, run, Running, waitFor, WORKER_MAIN } from './support/process';
import { completeFirstSignIn } from './support/first-sign-in';
import { createSuiteDatabase } from './support/test-database';

/**
 * The built server as an operator runs it: `node dist/apps/api/src/main.js`
 * with only environment variables. On PostgreSQL when DATABASE_URL is set,
 * on the embedded database otherwise.
 */
describe('start-up', () => {
  let dataDir: string;
  let database: { url: string; drop: () => Promise<void> } | undefined;
  let running: Running | undefined;

  beforeAll(async () => {
    database = process.env.DATABASE_URL ? await createSuiteDatabase(process.env.DATABASE_URL) : undefined;
  });
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tongban-start-'));
  });
  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    running = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterAll(async () => {
    await database?.drop();
  });

  function baseEnv(port: number): Record<string, string> {
    return { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info', ...(database ? { DATABASE_URL: database.url } : {}) };
  }

  async function startServer(env: Record<string, string>): Promise<{ running: Running; base: string }> {
    running = run(API_MAIN, env);
    const base = `http://127.0.0.1:${env.PORT}`;
    await waitFor(
      async () => {
        if (running!.child.exitCode !== null) throw new Error(`server exited:\n${running!.output()}`);
        return fetch(`${base}/health/ready`).then(
          (res) => res.status === 200,
          () => false,
        );
      },
      60_000,
      'GET /health/ready to answer 200',
    );
    return { running, base };
  }

  async function stop(server: Running): Promise<void> {
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
  }

  async function login(base: string, username: string, password: string): Promise<Response> {
    return fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  }

  it('is ready within 60 s, prints the admin password once, and keeps data and password across a restart', async () => {
    const env = baseEnv(await freePort());
    const first = await startServer(env);
    const printed = /password: (\S+)/.exec(first.running.output());
    expect(printed).not.toBeNull();
    const password = printed![1];
    const ready = await fetch(`${first.base}/health/ready`);
    expect(await ready.json()).toEqual({ status: 'ok', database: 'up', queue: 'inline' });

    const signedIn = await login(first.base, 'admin', password);
    expect(signedIn.status).toBe(200);
    const answer = (await signedIn.json()) as { accessToken: string };
    await completeFirstSignIn(first.base, answer, password);
    const { accessToken } = answer;
    const created = await fetch(`${first.base}/api/v1/clinics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ code: 'KM01', name: 'Kunming 1' }),
    });
    expect(created.status).toBe(201);
    // The password appears only in the banner, never in a log line.
    expect(
      first.running
        .output()
        .split('\n')
        .filter((line) => line.includes(password)),
    ).toHaveLength(1);
    await stop(first.running);

    const second = await startServer(env);
    expect(second.running.output()).not.toMatch(/password: /);
    const again = await login(second.base, 'admin', password);
    expect(again.status).toBe(200);
    const token = ((await again.json()) as { accessToken: string }).accessToken;
    const clinics = await fetch(`${second.base}/api/v1/clinics`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await clinics.json()) as { items: Array<{ code: string }> };
    expect(body.items.map((clinic) => clinic.code)).toEqual(['KM01']);
    await stop(second.running);
  });

  it('uses BOOTSTRAP_ADMIN_USERNAME and BOOTSTRAP_ADMIN_PASSWORD and prints no password', async () => {
    if (database) await database.drop().then(async () => (database = await createSuiteDatabase(process.env.DATABASE_URL!)));
    const env = { ...baseEnv(await freePort()), BOOTSTRAP_ADMIN_USERNAME: 'chief', BOOTSTRAP_ADMIN_PASSWORD: 'a-chosen-admin-password' };
    const server = await startServer(env);
    expect(server.running.output()).not.toContain('a-chosen-admin-password');
    expect((await login(server.base, 'chief', 'a-chosen-admin-password')).status).toBe(200);
    await stop(server.running);
  });

  it('logs JSON lines, one per request, when its output is not a terminal', async () => {
    if (database) await database.drop().then(async () => (database = await createSuiteDatabase(process.env.DATABASE_URL!)));
    const env = { ...baseEnv(await freePort()), BOOTSTRAP_ADMIN_PASSWORD: 'a-chosen-admin-password' };
    const server = await startServer(env);
    expect((await fetch(`${server.base}/api/v1/clients?q=Zhang`)).status).toBe(401);
    await stop(server.running);
    const lines = server.running
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(0);
    const entries = lines.map((line) => JSON.parse(line) as { msg?: string; req?: { url?: string }; res?: { statusCode?: number } });
    const requests = entries.filter((entry) => entry.req?.url?.startsWith('/api/v1/clients'));
    expect(requests).toEqual([
      expect.objectContaining({ req: expect.objectContaining({ url: '/api/v1/clients?q=%5BREDACTED%5D' }), res: { statusCode: 401 } }),
    ]);
    expect(server.running.output()).not.toContain('Zhang');
  });

  it.each([
    [{ PORT: 'eighty' }, 'Invalid configuration: PORT must be an integer between 1 and 65535'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'Invalid configuration: DATABASE_URL must start with postgres:// or postgresql://'],
    [{ NODE_ENV: 'production' }, 'Invalid configuration: JWT_SECRET is required when NODE_ENV=production'],
    [
      { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) },
      'Invalid configuration: DATA_ENCRYPTION_KEY is required when NODE_ENV=production',
    ],
    [
      { DATA_ENCRYPTION_KEY: 'too-short' },
      'Invalid configuration: DATA_ENCRYPTION_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)',
    ],
    [{ BOOTSTRAP_ADMIN_PASSWORD: 'short' }, 'Invalid configuration: BOOTSTRAP_ADMIN_PASSWORD must be at least 12 characters'],
  ])('stops with one clear line for %j', async (bad, line) => {
    const env: Record<string, string> = { ...baseEnv(await freePort()), ...bad };
    running = run(API_MAIN, env);
    const exit = await running.exited;
    expect(exit.code).toBe(1);
    expect(running.output().trim()).toBe(line);
  });

  it('runs the worker, which needs DATABASE_URL and REDIS_URL and stops cleanly on SIGTERM', async () => {
    const without = run(WORKER_MAIN, { DATA_DIR: dataDir });
    expect((await without.exited).code).toBe(1);
    expect(without.output().trim()).toMatch(/^Invalid configuration: DATABASE_URL is required for the worker/);
    if (!database || !process.env.REDIS_URL) return; // the worker needs real services; covered in CI
    // A database of its own: the suite's holds data sealed with another test's generated key, which this worker would refuse.
    const own = await createSuiteDatabase(process.env.DATABASE_URL!);
    try {
      running = run(WORKER_MAIN, { DATA_DIR: dataDir, DATABASE_URL: own.url, REDIS_URL: process.env.REDIS_URL, LOG_LEVEL: 'info' });
      await waitFor(
        () => {
          if (running!.child.exitCode !== null) throw new Error(`the worker exited:\n${running!.output()}`);
          return running!.output().includes('Tongban worker started');
        },
        30_000,
        'the worker to start',
      );
      expect(running.output()).toContain('"queue":"up"');
      running.child.kill('SIGTERM');
      expect(await running.exited).toEqual({ code: 0, signal: null });
    } finally {
      await own.drop();
    }
  });
});
