import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@tongban/platform';
import { Queue } from 'bullmq';
import {
  clinicDay,
  ClientRecord,
  ClinicRecord,
  listReminders,
  importDosingHistory,
  makeClient,
  makeClinic,
  makeReminder,
  makeStaff,
  recordConsent,
  signInAdmin,
  SignedIn,
} from './factories';
import { API_MAIN, freePort, run, Running, waitFor, WORKER_MAIN } from './support/process';
import { completeFirstSignIn } from './support/first-sign-in';
import { PrivateRedis, startPrivateRedis } from './support/private-redis';
import { SmsRequest, startSmsSink, SmsSink } from './support/reminder-sinks';
import { startTestApp, TestApp } from './support/test-app';
import { createSuiteDatabase } from './support/test-database';

const TZ = 'Asia/Shanghai';

/** The PostgreSQL server the worker processes share with the API (they cannot share an embedded database). */
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Reminders through Redis and the worker, as `docker compose` runs them: the
 * API in this process, the built worker (`dist/apps/worker/src/main.js`) as
 * child processes, a Redis server of this suite's own (so it may be stopped),
 * PostgreSQL, and a local SMS gateway. Also `npm start` without Redis.
 */
describe('reminders through the queue and the worker', () => {
  let t: TestApp;
  let redis: PrivateRedis;
  let sms: SmsSink;
  let database: { url: string; drop: () => Promise<void> };
  let dataDir: string;
  let admin: SignedIn;
  let clinic: ClinicRecord;
  let coordinator: SignedIn;
  let client: ClientRecord;
  const workers: Running[] = [];
  const secrets = { JWT_SECRET: randomBytes(32).toString('hex'), DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64') };

  function workerEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...secrets,
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      SMS_GATEWAY_URL: sms.url,
      SMS_GATEWAY_TOKEN: 'gateway-token',
      LOG_LEVEL: 'warn',
      REMINDER_POLL_MS: '200',
      REMINDER_REQUEUE_MS: '4000',
      REMINDER_LEASE_MS: '2000',
      REMINDER_SEND_TIMEOUT_MS: '1000',
      REMINDER_LOCK_MS: '2000',
      REMINDER_RETRY_DELAY_MS: '100',
      REMINDER_CONCURRENCY: '16',
      REMINDER_SWEEP_EVERY_MS: '600000',
      ...extra,
    };
  }

  async function startWorker(extra: Record<string, string> = {}): Promise<{ worker: Running; healthUrl: string }> {
    const port = await freePort();
    const worker = run(WORKER_MAIN, workerEnv({ HEALTH_PORT: String(port), ...extra }));
    workers.push(worker);
    const healthUrl = `http://127.0.0.1:${port}/health/ready`;
    await waitFor(
      async () => {
        if (worker.child.exitCode !== null) throw new Error(`worker exited:\n${worker.output()}`);
        return fetch(healthUrl).then(
          (res) => res.status === 200,
          () => false,
        );
      },
      30_000,
      'the worker to be ready',
    );
    return { worker, healthUrl };
  }

  async function stopWorker(worker: Running, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill(signal);
      await worker.exited;
    }
  }

  /** `count` reminders due now for the suite's client, written straight into the outbox; their ids. */
  async function dueReminders(count: number, tag: string): Promise<string[]> {
    const rows = await t.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO reminder (clinic_id, client_id, kind, channel, recipient, scheduled_for, due_at, dedupe_key)
       SELECT $1, $2, 'appointment', 'sms', 'client', now(), now(), $3 || g FROM generate_series(1, $4::int) g
       RETURNING id`,
      [clinic.id, client.id, `test:${tag}:`, count],
    );
    return rows.map((row) => row.id);
  }

  async function statusesOf(ids: string[]): Promise<Record<string, number>> {
    const rows = await t.dataSource.query<Array<{ status: string; n: number }>>(
      'SELECT status, count(*)::int AS n FROM reminder WHERE id = ANY($1::uuid[]) GROUP BY status',
      [ids],
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }

  async function allSent(ids: string[], timeoutMs: number, what: string): Promise<void> {
    await waitFor(async () => (await statusesOf(ids)).sent === ids.length, timeoutMs, what);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tongban-reminders-'));
    [redis, sms, database] = await Promise.all([startPrivateRedis(), startSmsSink(), createSuiteDatabase(SERVER_URL)]);
    t = await startTestApp({
      ...secrets,
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      SMS_GATEWAY_URL: sms.url,
      SMS_GATEWAY_TOKEN: 'gateway-token',
    });
    admin = await signInAdmin(t);
    clinic = await makeClinic(t, admin, { timeZone: TZ });
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    // No quiet hours: these tests run on the real clock, at whatever hour.
    await t.http
      .patch(`/api/v1/clinics/${clinic.id}/settings`)
      .set(coordinator.auth)
      .send({ quietHoursStart: '00:00', quietHoursEnd: '00:00' })
      .expect(200);
    client = await makeClient(t, coordinator, { phone: '13912345678', intakeDate: clinicDay(t, 0, TZ) });
    await recordConsent(t, coordinator, client.id, { scope: 'sms_reminders' });
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => stopWorker(worker, 'SIGKILL')));
    await t?.close();
    await Promise.all([redis?.stop(), sms?.close(), database?.drop()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => stopWorker(worker)));
    sms.respondWith(() => ({ status: 200 }));
  });

  it('reports the queue in /health/ready of the API and of the worker', async () => {
    const { healthUrl } = await startWorker();
    expect((await t.http.get('/health/ready').expect(200)).body).toEqual({ status: 'ok', database: 'up', queue: 'up' });
    expect(await (await fetch(healthUrl)).json()).toEqual({ status: 'ok', database: 'up', queue: 'up' });
  });

  it('delivers a reminder written by the API through the queue, the reminder id being the job id and the idempotency key', async () => {
    await startWorker();
    const created = await makeReminder(t, coordinator, client.id);
    await allSent([created.id], 20_000, 'the reminder to be sent');
    expect(sms.requestsFor(created.id)).toEqual([expect.objectContaining({ to: client.phone, authorization: 'Bearer gateway-token' })]);
    const [item] = (await listReminders(t, coordinator, { clientId: client.id })).filter((reminder) => reminder.id === created.id);
    expect(item).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('retries 500s with the queue’s back-off (sent on the third attempt) and fails a 400 after one', async () => {
    await startWorker();
    const [flaky, refused] = await dueReminders(2, 'retry');
    sms.respondWith((request, nth) => {
      if (request.idempotencyKey === flaky && nth <= 2) return { status: 500 };
      if (request.idempotencyKey === refused) return { status: 400 };
      return { status: 200 };
    });
    await allSent([flaky], 20_000, 'the flaky reminder to be sent');
    await waitFor(async () => (await statusesOf([refused])).failed === 1, 20_000, 'the refused reminder to fail');
    const rows = await t.dataSource.query<Array<{ id: string; attempts: number; last_error_code: string | null }>>(
      'SELECT id, attempts, last_error_code FROM reminder WHERE id = ANY($1::uuid[])',
      [[flaky, refused]],
    );
    expect(rows.find((row) => row.id === flaky)).toMatchObject({ attempts: 3, last_error_code: null });
    expect(rows.find((row) => row.id === refused)).toMatchObject({ attempts: 1, last_error_code: 'PROVIDER_REJECTED' });
    expect(sms.requestsFor(flaky)).toHaveLength(3);
    expect(sms.requestsFor(refused)).toHaveLength(1);
  });

  it('lets two workers run at once and sends each reminder once', async () => {
    await Promise.all([startWorker(), startWorker()]);
    const ids = await dueReminders(300, 'pair');
    await allSent(ids, 60_000, '300 reminders to be sent by two workers');
    expect(ids.every((id) => sms.requestsFor(id).length === 1)).toBe(true);
  });

  it('delivers every one of 1,000 reminders after the worker is killed mid-batch and restarted, each exactly once to the phone', async () => {
    // The first worker waits long for the gateway, so that the calls hanging there are still in flight when it is killed.
    const { worker } = await startWorker({ REMINDER_SEND_TIMEOUT_MS: '5000', REMINDER_LEASE_MS: '6000' });
    sms.respondWith(() => ({ status: 200, delayMs: 15 }));
    const [requestsBefore, deliveriesBefore] = [sms.requests.length, sms.deliveries.length];
    const ids = await dueReminders(1000, 'crash');
    await waitFor(() => ids.filter((id) => sms.delivered.has(id)).length >= 200, 30_000, '200 reminders to reach the gateway');

    // Then the gateway stops answering. Every other call it accepts (the message goes to the phone; the 2xx never gets
    // back), the others it neither accepts nor answers. The worker is killed with both kinds in flight.
    const answerLost: string[] = [];
    const notAccepted: string[] = [];
    sms.respondWith((request) => {
      const accept = answerLost.length <= notAccepted.length;
      (accept ? answerLost : notAccepted).push(request.idempotencyKey);
      return { status: accept ? 200 : 503, delayMs: 600_000 };
    });
    await waitFor(() => answerLost.length + notAccepted.length >= 8, 10_000, 'calls to hang at the gateway');
    await stopWorker(worker, 'SIGKILL');
    const requestsAtKill = sms.requests.length;
    // A statement the worker had sent may still be finishing in PostgreSQL: read the record once none is.
    await waitFor(
      async () => {
        const [{ busy }] = await t.dataSource.query<Array<{ busy: number }>>(
          `SELECT count(*)::int AS busy FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
        );
        return busy === 0;
      },
      10_000,
      'the killed worker’s statements to end',
    );
    const atKill = await t.dataSource.query<Array<{ id: string; status: string; attempt_started_at: Date | null }>>(
      'SELECT id, status, attempt_started_at FROM reminder WHERE id = ANY($1::uuid[])',
      [ids],
    );
    const sentAtKill = new Set(atKill.filter((row) => row.status === 'sent').map((row) => row.id));
    const begunAtKill = new Set(atKill.filter((row) => row.status !== 'sent' && row.attempt_started_at !== null).map((row) => row.id));
    expect(sentAtKill.size).toBeLessThan(1000);

    sms.respondWith(() => ({ status: 200 }));
    await startWorker();
    await allSent(ids, 90_000, 'all 1,000 reminders to be sent after the restart');
    expect(await statusesOf(ids)).toEqual({ sent: 1000 });

    // What reached the phones: each reminder exactly once, under its own id as the key, and nothing else.
    expect(
      sms.deliveries
        .slice(deliveriesBefore)
        .map((message) => message.idempotencyKey)
        .sort(),
    ).toEqual([...ids].sort());
    // Every call for a reminder carried the same message (kept from the attempt's start).
    expect(ids.filter((id) => new Set(sms.requestsFor(id).map((request) => `${request.to}|${request.text}`)).size !== 1)).toEqual([]);

    const before = countByKey(sms.requests.slice(requestsBefore, requestsAtKill));
    const after = countByKey(sms.requests.slice(requestsAtKill));
    // Before the kill, no reminder was called twice, and none without its attempt on record first.
    expect([...before.values()].filter((n) => n !== 1)).toEqual([]);
    expect([...before.keys()].filter((id) => !sentAtKill.has(id) && !begunAtKill.has(id))).toEqual([]);
    // After the restart, the record is read first: nothing recorded as sent is called again, every other reminder once.
    expect([...sentAtKill].filter((id) => after.has(id))).toEqual([]);
    expect(ids.filter((id) => !sentAtKill.has(id) && after.get(id) !== 1)).toEqual([]);
    // The calls cut off by the kill (of both kinds) were on record as begun, and were resumed once with the same key and
    // message: the gateway answered the one it had accepted with its original 2xx, and sent the one it had not.
    expect(answerLost.length).toBeGreaterThan(0);
    expect(notAccepted.length).toBeGreaterThan(0);
    expect([...answerLost, ...notAccepted].filter((id) => !begunAtKill.has(id))).toEqual([]);
  });

  it('keeps answering writes while Redis is down, keeps reminders scheduled, and delivers them all when it returns', async () => {
    const { healthUrl } = await startWorker({ REMINDER_CONCURRENCY: '4' });
    sms.respondWith(() => ({ status: 200, delayMs: 50 }));
    const before = await dueReminders(100, 'outage');
    await waitFor(() => before.filter((id) => sms.delivered.has(id)).length >= 10, 20_000, 'the first reminders to be sent');
    // Redis dies with jobs in it (no persistence: they are gone).
    await redis.stop();

    const during: string[] = [];
    for (let i = 0; i < 10; i += 1) during.push((await makeReminder(t, coordinator, client.id)).id);
    expect((await t.http.get('/health/ready').expect(200)).body).toEqual({ status: 'ok', database: 'up', queue: 'down' });
    expect(await (await fetch(healthUrl)).json()).toMatchObject({ database: 'up', queue: 'down' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await statusesOf(during)).toEqual({ scheduled: 10 });
    expect(during.some((id) => sms.requestsFor(id).length > 0)).toBe(false);

    await redis.start();
    await allSent([...before, ...during], 60_000, 'every reminder to be sent after Redis returned');
    expect([...before, ...during].filter((id) => sms.delivered.has(id))).toHaveLength(110);
  });

  it('runs the sweeps as a BullMQ job scheduler and as a job any worker may run', async () => {
    await startWorker();
    const queue = new Queue('reminders', { connection: { host: '127.0.0.1', port: redis.port } });
    try {
      await waitFor(async () => (await queue.getJobScheduler('reminder-sweeps')) !== undefined, 10_000, 'the sweep scheduler');
      // Missed-dose follow-ups go out at 10:00 clinic time: a clinic where that hour has passed today makes the
      // follow-up due now, whatever the hour here.
      const timeZone = zoneInAfternoon();
      const afternoonClinic = await makeClinic(t, admin, { timeZone });
      const afternoonCoordinator = await makeStaff(t, admin, Role.Coordinator, afternoonClinic.id);
      await t.http
        .patch(`/api/v1/clinics/${afternoonClinic.id}/settings`)
        .set(afternoonCoordinator.auth)
        .send({ quietHoursStart: '00:00', quietHoursEnd: '00:00' })
        .expect(200);
      const missed = await makeClient(t, afternoonCoordinator, { phone: '13987654321', intakeDate: clinicDay(t, -3, timeZone) });
      // Paper history: a dose on the intake day, so the days since are missed (before any dose they count from registration, today).
      await importDosingHistory(t, afternoonCoordinator, [[missed.code, clinicDay(t, -3, timeZone)]]);
      await recordConsent(t, afternoonCoordinator, missed.id, { scope: 'sms_reminders' });
      await queue.add('sweep-reminders', {}, { jobId: `sweep-test-${Date.now()}`, removeOnComplete: true });
      await waitFor(
        async () => (await listReminders(t, afternoonCoordinator, { clientId: missed.id })).some((item) => item.status === 'sent'),
        20_000,
        'the missed-dose reminder',
      );
      const [item] = await listReminders(t, afternoonCoordinator, { clientId: missed.id });
      expect(item).toMatchObject({ kind: 'missed_dose', recipient: 'client', channel: 'sms', status: 'sent' });
    } finally {
      await queue.close();
    }
  });

  it('refuses to start a worker without REDIS_URL', async () => {
    const env = workerEnv();
    delete (env as Record<string, string | undefined>).REDIS_URL;
    const worker = run(WORKER_MAIN, env);
    expect((await worker.exited).code).toBe(1);
    expect(worker.output()).toContain('REDIS_URL is required for the worker');
  });

  it.each([
    ['without REDIS_URL, as npm start on a laptop does', () => ({}), 'inline'],
    ['with REDIS_URL and no worker running, as npm start does', () => ({ REDIS_URL: redis.url, REMINDER_DELIVERY_IN_API: '1' }), 'up'],
  ])('delivers in the API process itself %s', async (_how, extraEnv, queueState) => {
    const port = await freePort();
    const laptopDir = mkdtempSync(join(tmpdir(), 'tongban-laptop-'));
    const api = run(API_MAIN, {
      PORT: String(port),
      DATA_DIR: laptopDir,
      BOOTSTRAP_ADMIN_PASSWORD: 'laptop-admin-password',
      SMS_GATEWAY_URL: sms.url,
      LOG_LEVEL: 'warn',
      REMINDER_POLL_MS: '200',
      ...extraEnv(),
    });
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitFor(
        async () => {
          if (api.child.exitCode !== null) throw new Error(`server exited:\n${api.output()}`);
          return fetch(`${base}/health/ready`).then(
            (res) => res.status === 200,
            () => false,
          );
        },
        60_000,
        'the API to be ready',
      );
      expect(await (await fetch(`${base}/health/ready`)).json()).toEqual({ status: 'ok', database: 'up', queue: queueState });
      const call = async (method: string, path: string, token: string | null, body?: unknown): Promise<Record<string, string>> => {
        const res = await fetch(`${base}/api/v1${path}`, {
          method,
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
        return (await res.json()) as Record<string, string>;
      };
      const login = async (username: string, password: string): Promise<string> => {
        const answer = await call('POST', '/auth/login', null, { username, password });
        await completeFirstSignIn(base, answer, password);
        return answer.accessToken;
      };
      const adminToken = await login('admin', 'laptop-admin-password');
      const laptopClinic = await call('POST', '/clinics', adminToken, { code: 'LT01', name: 'Laptop', timeZone: TZ });
      await call('PATCH', `/clinics/${laptopClinic.id}/settings`, adminToken, { quietHoursStart: '00:00', quietHoursEnd: '00:00' });
      await call('POST', '/staff', adminToken, {
        username: 'laptop-coordinator',
        password: 'laptop-coordinator-password',
        displayName: 'Coordinator',
        role: 'coordinator',
        clinicId: laptopClinic.id,
      });
      const token = await login('laptop-coordinator', 'laptop-coordinator-password');
      const laptopClient = await call('POST', '/clients', token, {
        givenName: 'Wei',
        familyName: 'Zhang',
        dateOfBirth: '1980-01-01',
        sex: 'male',
        phone: '13800000000',
        intakeDate: clinicDayOf(new Date(), TZ),
      });
      await call('POST', `/clients/${laptopClient.id}/consents`, token, { scope: 'sms_reminders' });
      const created = await call('POST', '/reminders', token, {
        clientId: laptopClient.id,
        kind: 'appointment',
        channel: 'sms',
        sendAt: new Date().toISOString(),
      });
      await waitFor(() => sms.delivered.has(created.id), 20_000, 'the laptop API to send the reminder itself');
      await waitFor(
        async () =>
          ((await call('GET', `/reminders?clientId=${laptopClient.id}`, token)) as unknown as { items: Array<{ status: string }> }).items[0]
            ?.status === 'sent',
        10_000,
        'the reminder to read sent',
      );
    } finally {
      api.child.kill('SIGTERM');
      await api.exited;
      rmSync(laptopDir, { recursive: true, force: true });
    }
  });
});

/** How many requests each idempotency key got. */
function countByKey(requests: SmsRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(request.idempotencyKey, (counts.get(request.idempotencyKey) ?? 0) + 1);
  return counts;
}

function clinicDayOf(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** A time zone in which it is now between noon and 20:00, so a reminder made for 10:00 today is due and no day turns over. */
function zoneInAfternoon(): string {
  const zones = ['Pacific/Kiritimati', 'Pacific/Auckland', 'Asia/Tokyo', 'Asia/Shanghai', 'Asia/Dhaka', 'Asia/Dubai', 'Europe/Moscow'];
  zones.push('Europe/Berlin', 'Atlantic/Azores', 'America/Sao_Paulo', 'America/New_York', 'America/Denver', 'Pacific/Honolulu');
  const hourIn = (timeZone: string) =>
    Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
  const zone = zones.find((candidate) => hourIn(candidate) >= 12 && hourIn(candidate) < 20);
  if (!zone) throw new Error('no listed time zone is in its afternoon now');
  return zone;
}
