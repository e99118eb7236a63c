import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { waitFor, WORKER_MAIN } from '../test/support/process';
import { startPrivateRedis } from '../test/support/private-redis';
import { startSmsSink } from '../test/support/reminder-sinks';
import { BASELINE_QUEUE, BaselinePayload } from './reminders-baseline-worker';
import { Cleanup } from './support/cleanup';
import { settle, withConnection } from './support/database';
import { MachineMonitor, MachineUse } from './support/machine';
import { summarizeProfile } from './support/profile';
import { API_MAIN, freePort, prepareTongban, startServer } from './support/servers';
import { TongbanApi } from './support/tongban-api';

const TZ = 'Asia/Shanghai';
const PHONE = '13912345678';
/** What Tongban renders for these reminders (the built-in zh-CN appointment text without a time): the baseline posts the same. */
const TEXT = '您好，提醒您：您于近日有一个预约。';
const TOKEN = 'bench-gateway-token';

export interface RemindersBenchOptions {
  serverUrl: string;
  count: number;
  concurrency: number;
  /** Alternating rounds of each side (baseline, Tongban, baseline, ...). */
  rounds: number;
  /** Profile Tongban's worker (node --cpu-prof) into this directory, and print where its CPU went. */
  profileDir?: string;
  log: (line: string) => void;
}

export interface DeliveryRun {
  count: number;
  seconds: number;
  perSecond: number;
  machine: MachineUse;
}

export interface RemindersReport {
  /** Messages per round and side. */
  count: number;
  rounds: number;
  concurrency: number;
  /** All rounds of each side together. */
  tongban: DeliveryRun;
  baseline: DeliveryRun;
  tongbanRuns: DeliveryRun[];
  baselineRuns: DeliveryRun[];
  ratio: number;
  /** POSTs for a key the gateway had accepted already (none expected without crashes). */
  duplicates: number;
  postgres: string;
}

/**
 * `npm run bench -- reminders`: `count` reminders due at once, delivered by
 * Tongban's worker (outbox relay, BullMQ, send-time rules, one claimed
 * attempt per record, the record marked sent) to a local SMS gateway, against
 * a bare BullMQ queue and worker posting the same payloads to the same
 * gateway, with the same concurrency, in the same run. Both workers are
 * separate processes; Redis is a private server; PostgreSQL a fresh database.
 */
export async function runRemindersBenchmark(options: RemindersBenchOptions, cleanup: Cleanup): Promise<RemindersReport> {
  const { log } = options;
  const redis = await startPrivateRedis();
  cleanup.add('stop the private Redis', redis.stop);
  const sms = await startSmsSink();
  cleanup.add('stop the SMS gateway', sms.close);
  const { database, adminPassword, env } = await prepareTongban(options.serverUrl, cleanup, log, () => ({
    REDIS_URL: redis.url,
    SMS_GATEWAY_URL: sms.url,
    SMS_GATEWAY_TOKEN: TOKEN,
  }));

  log('starting the API to register a clinic, a coordinator and a client with an SMS consent');
  const api = await startServer('tongban-api', API_MAIN, await freePort(), env);
  cleanup.add('stop the API', api.stop);
  const http = new TongbanApi(api.base);
  const admin = await http.login('admin', adminPassword);
  const clinic = await http.post<{ id: string }>(admin, '/clinics', { code: 'BR01', name: 'Bench', timeZone: TZ });
  // No quiet hours: the benchmark runs at whatever hour.
  const patched = await fetch(`${api.base}/api/v1/clinics/${clinic.id}/settings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
    body: JSON.stringify({ quietHoursStart: '00:00', quietHoursEnd: '00:00' }),
  });
  if (patched.status !== 200) throw new Error(`PATCH clinic settings: ${patched.status}`);
  await http.post(admin, '/staff', {
    username: 'bench-coordinator',
    password: 'bench-coordinator-password',
    displayName: 'Coordinator',
    role: 'coordinator',
    clinicId: clinic.id,
  });
  const coordinator = await http.login('bench-coordinator', 'bench-coordinator-password');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date());
  const client = await http.post<{ id: string }>(coordinator, '/clients', {
    givenName: 'Wei',
    familyName: 'Zhang',
    dateOfBirth: '1980-01-01',
    sex: 'male',
    phone: PHONE,
    intakeDate: today,
  });
  await http.post(coordinator, `/clients/${client.id}/consents`, { scope: 'sms_reminders' });
  await api.stop();

  const monitor = await MachineMonitor.connect(database.url, database.name);
  cleanup.add('close the monitor', () => monitor.close());
  const postgres = (await monitor.postgres()).version;

  // Both workers run throughout; the rounds alternate, so that other work on the machine falls on both alike.
  const baselineWorker = spawn(process.execPath, [join(__dirname, 'reminders-baseline-worker.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      REDIS_URL: redis.url,
      SMS_GATEWAY_URL: sms.url,
      SMS_GATEWAY_TOKEN: TOKEN,
      CONCURRENCY: String(options.concurrency),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanup.add('stop the baseline worker', () => void baselineWorker.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    baselineWorker.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    baselineWorker.once('exit', () => reject(new Error('the baseline worker exited')));
  });
  const connection = new IORedis(redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue<BaselinePayload>(BASELINE_QUEUE, { connection });
  cleanup.add('close the baseline queue', async () => {
    await queue.close();
    connection.disconnect();
  });
  const workerPort = await freePort();
  const worker = await startServer(
    'tongban-worker',
    WORKER_MAIN,
    workerPort,
    { ...env, HEALTH_PORT: String(workerPort), REMINDER_CONCURRENCY: String(options.concurrency) },
    options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [],
  );
  cleanup.add('stop the worker', worker.stop);

  const baselineRuns: DeliveryRun[] = [];
  const tongbanRuns: DeliveryRun[] = [];
  for (let round = 1; round <= options.rounds; round += 1) {
    log(`round ${round}: baseline, ${options.count} jobs through a bare BullMQ worker (concurrency ${options.concurrency})`);
    const keys = Array.from({ length: options.count }, (_, i) => `baseline-${round}-${i}`);
    await settle(database.url);
    await monitor.start();
    let started = Date.now();
    for (let i = 0; i < keys.length; i += 1000) {
      await queue.addBulk(
        keys.slice(i, i + 1000).map((key) => ({
          name: 'deliver',
          data: { to: PHONE, text: TEXT, idempotencyKey: key },
          opts: { jobId: key, attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: true },
        })),
      );
    }
    await waitFor(() => keys.every((key) => sms.delivered.has(key)), 600_000, 'the baseline to deliver every message');
    baselineRuns.push(runOf(options.count, (Date.now() - started) / 1000, await monitor.stop(baselineWorker.pid ?? 0)));
    log(`round ${round}: baseline ${baselineRuns[baselineRuns.length - 1].seconds.toFixed(1)} s`);

    log(
      `round ${round}: Tongban, ${options.count} reminders through the outbox, the relay and its worker (REMINDER_CONCURRENCY ${options.concurrency})`,
    );
    await settle(database.url);
    await monitor.start();
    started = Date.now();
    await withConnection(database.url, (db) =>
      db.query(
        `INSERT INTO reminder (clinic_id, client_id, kind, channel, recipient, scheduled_for, due_at, dedupe_key)
         SELECT $1, $2, 'appointment', 'sms', 'client', now(), now(), $3 || g FROM generate_series(1, $4::int) g`,
        [clinic.id, client.id, `bench:${round}:`, options.count],
      ),
    );
    // Done when nothing is pending any more (a count over the small index of pending reminders, so that
    // watching costs the database next to nothing), then every reminder of the round must read sent.
    await withConnection(database.url, async (db) => {
      await waitFor(
        async () => {
          const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM reminder WHERE status IN ('scheduled', 'held')`);
          return rows[0].n === 0;
        },
        600_000,
        'Tongban to deliver every reminder',
      );
    });
    const ended = Date.now();
    const [{ sent }] = await withConnection(
      database.url,
      async (db) =>
        (
          await db.query<{ sent: number }>(`SELECT count(*)::int AS sent FROM reminder WHERE status = 'sent' AND dedupe_key LIKE $1`, [
            `bench:${round}:%`,
          ])
        ).rows,
    );
    if (sent !== options.count) throw new Error(`round ${round}: ${options.count - sent} reminders did not end sent`);
    tongbanRuns.push(runOf(options.count, (ended - started) / 1000, await monitor.stop(worker.pid)));
    log(`round ${round}: Tongban ${tongbanRuns[tongbanRuns.length - 1].seconds.toFixed(1)} s`);
  }
  await worker.stop();
  baselineWorker.kill('SIGTERM');
  const [{ failed }] = await withConnection(
    database.url,
    async (db) => (await db.query<{ failed: number }>(`SELECT count(*)::int AS failed FROM reminder WHERE status <> 'sent'`)).rows,
  );
  if (failed > 0) throw new Error(`${failed} reminders did not end sent`);
  if (options.profileDir) {
    const summary = summarizeProfile(options.profileDir, {
      'claim + rules (ReminderDelivery.deliver)': /deliver .*reminder-delivery/,
      TypeORM: /node_modules\/typeorm/,
      'pg driver': /node_modules\/pg\//,
      'BullMQ worker': /node_modules\/bullmq/,
      'relay (ReminderRelay.relayDue)': /relayDue/,
      'SMS channel (fetch)': /sms\.channel/,
      'field sealing': /field-cipher/,
    });
    log(`profile ${summary.file}:\n${summary.lines.join('\n')}`);
  }

  const tongban = combined(tongbanRuns);
  const baseline = combined(baselineRuns);
  return {
    count: options.count,
    rounds: options.rounds,
    concurrency: options.concurrency,
    tongban,
    baseline,
    tongbanRuns,
    baselineRuns,
    ratio: tongban.perSecond / baseline.perSecond,
    duplicates: sms.duplicates(),
    postgres,
  };
}

function runOf(count: number, seconds: number, machine: MachineUse): DeliveryRun {
  return { count, seconds, perSecond: count / seconds, machine };
}

/** The rounds of one side as one run: all messages over all the time, CPU weighted by time. */
function combined(runs: DeliveryRun[]): DeliveryRun {
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const count = runs.reduce((sum, run) => sum + run.count, 0);
  const weighted = (pick: (machine: MachineUse) => number): number =>
    runs.reduce((sum, run) => sum + pick(run.machine) * run.seconds, 0) / seconds;
  const machine: MachineUse = {
    total: weighted((m) => m.total),
    server: weighted((m) => m.server),
    load: weighted((m) => m.load),
    postgres: weighted((m) => m.postgres),
    other: weighted((m) => m.other),
    otherCommits: runs.reduce((sum, run) => sum + run.machine.otherCommits, 0),
    lockWaiting: weighted((m) => m.lockWaiting),
    idleInTransaction: weighted((m) => m.idleInTransaction),
  };
  return { count, seconds, perSecond: count / seconds, machine };
}

function cpu(machine: MachineUse): string {
  return [machine.server, machine.postgres, machine.load, machine.other].map((value) => value.toFixed(0)).join(' / ');
}

export function renderRemindersMarkdown(report: RemindersReport): string {
  const percent = (report.ratio * 100).toFixed(0);
  const perRound = (runs: DeliveryRun[]): string => runs.map((run) => run.perSecond.toFixed(0)).join(', ');
  return [
    `| ${report.count.toLocaleString('en')} SMS reminders × ${report.rounds} rounds, concurrency ${report.concurrency} | Tongban | baseline | Tongban / baseline | target |`,
    '| --- | --- | --- | --- | --- |',
    `| delivered per second, all rounds | ${report.tongban.perSecond.toFixed(0)} | ${report.baseline.perSecond.toFixed(0)} | ${percent}% | ≥ 50%: ${report.ratio >= 0.5 ? 'met' : 'NOT met'} |`,
    `| delivered per second, each round | ${perRound(report.tongbanRuns)} | ${perRound(report.baselineRuns)} | | |`,
    `| CPU, % of a core: worker / PostgreSQL / gateway + bench / others | ${cpu(report.tongban.machine)} | ${cpu(report.baseline.machine)} | | |`,
    '',
    `PostgreSQL ${report.postgres}; duplicate POSTs to the gateway: ${report.duplicates}.`,
  ].join('\n');
}

function integerFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return value;
}

/**
 * The entry of `npm run bench -- reminders` (registered in main.ts). Needs
 * DATABASE_URL (a PostgreSQL server on this machine where it may create and
 * drop a database); starts its own Redis. BENCH_REMINDERS (default 10,000)
 * and BENCH_REMINDER_CONCURRENCY (default 16) change the run.
 */
export async function remindersBenchmark(cleanup: Cleanup): Promise<void> {
  const log = (line: string): void => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is required: a PostgreSQL server where the benchmark may create and drop a database');
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(serverUrl).hostname)) {
    throw new Error('DATABASE_URL must point to this machine (127.0.0.1)');
  }
  const report = await runRemindersBenchmark(
    {
      serverUrl,
      count: integerFromEnv('BENCH_REMINDERS', 10_000, 100, 100_000),
      concurrency: integerFromEnv('BENCH_REMINDER_CONCURRENCY', 16, 1, 128),
      rounds: integerFromEnv('BENCH_ROUNDS', 2, 1, 10),
      profileDir: process.env.BENCH_PROFILE ? mkdtempSync(join(tmpdir(), 'tongban-reminders-profile-')) : undefined,
      log,
    },
    cleanup,
  );
  console.log(
    `\nTongban ${report.tongban.perSecond.toFixed(0)} reminders/s, baseline ${report.baseline.perSecond.toFixed(0)} reminders/s: ` +
      `${(report.ratio * 100).toFixed(0)}% (target ≥ 50%)\n\nFor docs/benchmarks.md:\n\n${renderRemindersMarkdown(report)}\n`,
  );
}
