import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { BACKDATE_DAYS, CLINIC_TIME_ZONE, DOSE_MG, generateClinic, GeneratedClinic } from './generate';
import { Cleanup } from './support/cleanup';
import { settle } from './support/database';
import { addDays, minutesToMidnight, todayIn } from './support/days';
import { paced, RequestPool, RunResult, saturate, Target } from './support/load';
import { MachineMonitor, MachineUse } from './support/machine';
import { summarizeProfile } from './support/profile';
import { API_MAIN, BASELINE_MAIN, freePort, prepareTongban, startServer, StartedServer } from './support/servers';
import { TongbanApi } from './support/tongban-api';

export interface DosingOptions {
  /** The PostgreSQL server: a database is created on it for the run and dropped afterwards. */
  serverUrl: string;
  clients: number;
  connections: number;
  seconds: number;
  rate: number;
  warmupSeconds: number;
  /** How long to wait for the machine to be quiet before measuring a server. */
  quietWaitSeconds: number;
  /** Where Tongban writes a CPU profile of its measured runs (node --cpu-prof), if anywhere. */
  profileDir?: string;
  log: (line: string) => void;
}

export interface Measured {
  run: RunResult;
  machine: MachineUse;
  /** Doses the database gained during the run (201 answers plus requests cut off when a run stopped). */
  rowsWritten: number;
}

export interface ServerFigures {
  name: string;
  /** % of the machine (200% = both cores) busy just before the server was measured. */
  busyBefore: number;
  warmup: RunResult;
  saturation: Measured;
  fixedRate: Measured;
}

export interface DosingReport {
  date: string;
  machine: { cores: number; cpu: string; memoryGiB: number; node: string; postgres: string };
  options: Pick<DosingOptions, 'clients' | 'connections' | 'seconds' | 'rate' | 'warmupSeconds'>;
  generation: GeneratedClinic['seconds'] & { historyVisits: number };
  tongban: ServerFigures;
  baseline: ServerFigures;
  /** Tongban's own verification of the audit chain after both servers wrote to it. */
  chain: { ok: boolean; checked: number };
  /** Where Tongban's CPU went during its runs, when profiled. */
  profile?: { file: string; lines: string[] };
}

/** The clinic day of the runs: the benchmark must not cross midnight in the clinic's time zone. */
const MIN_MINUTES_TO_MIDNIGHT = 20;
/** Client days the baseline may use: the days after today, as many as it can dose in a run and more. */
const BASELINE_MAX_REQUESTS = 300_000;
const QUIET_BUSY_PERCENT = 30;
/** Call paths whose share of Tongban's CPU the profile summary shows. */
const PROFILED_PATHS: Record<string, RegExp> = {
  'signed-token check (jsonwebtoken)': /node_modules\/jsonwebtoken\//,
  'TypeORM (query building, entities, transactions)': /node_modules\/typeorm\//,
  'pg driver': /node_modules\/pg(-protocol|-pool)?\//,
  'socket writes (writev)': /^writev /m,
  'request logging (createHttpLogger)': /\/libs\/platform\/src\/logging\/logger\.js/,
  'validation (class-validator, class-transformer)': /node_modules\/class-(validator|transformer)\//,
  'Tongban dosing use case': /\/dist\/libs\/dosing\//,
};
const PAUSE_MS = 2000;

/**
 * The dosing benchmark of the issue: POST /clients/:id/doses as a nurse
 * against Tongban and against the baseline server, each at saturation and at
 * a fixed rate, every request a real 201 on the same database.
 */
export async function runDosingBenchmark(options: DosingOptions, cleanup: Cleanup): Promise<DosingReport> {
  const { log } = options;
  const left = minutesToMidnight(CLINIC_TIME_ZONE);
  if (left < MIN_MINUTES_TO_MIDNIGHT) {
    throw new Error(
      `It is ${left} minutes to midnight in ${CLINIC_TIME_ZONE}, the clinic's time zone; run the benchmark after midnight there.`,
    );
  }

  const { database, adminPassword, env: tongbanEnv } = await prepareTongban(options.serverUrl, cleanup, log);
  const startTongban = async (nodeFlags: string[] = []): Promise<StartedServer> => {
    const server = await startServer('Tongban', API_MAIN, await freePort(), tongbanEnv, nodeFlags);
    cleanup.add('stop Tongban', server.stop);
    return server;
  };

  let tongban = await startTongban();
  log(`Tongban is ready at ${tongban.base}; generating a clinic of ${options.clients} clients`);
  const clinic = await generateClinic(new TongbanApi(tongban.base), { clients: options.clients, adminPassword, log });
  // Measured in a fresh process, as the baseline is.
  await tongban.stop();
  const profileDir = options.profileDir ? mkdtempSync(join(options.profileDir, 'tongban-')) : undefined;
  tongban = await startTongban(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  const api = new TongbanApi(tongban.base);

  const monitor = await MachineMonitor.connect(database.url, database.name);
  cleanup.add('close the monitor', () => monitor.close());
  const postgres = await monitor.postgres();

  // Tongban: the 8 clinic days it accepts (7 back to today), day by day, so each dose follows the one of the day before.
  const tongbanPool = new RequestPool(clinic.clients.length * (BACKDATE_DAYS + 1), (index) =>
    doseRequest(clinic, addDays(clinic.today, Math.floor(index / clinic.clients.length) - BACKDATE_DAYS), index),
  );
  // A fresh token: access tokens live 15 minutes.
  const nurse = await api.login(clinic.usernames.nurse, clinic.staffPassword);
  const tongbanFigures = await measure('Tongban', { base: tongban.base, token: nurse.token }, tongban.pid, tongbanPool);
  await tongban.stop();
  const profile = profileDir ? summarizeProfile(profileDir, PROFILED_PATHS) : undefined;

  // The baseline: the same clients on days after today (it checks no calendar, only what the database checks).
  const baselineDays = Math.ceil(BASELINE_MAX_REQUESTS / clinic.clients.length);
  const baselinePool = new RequestPool(clinic.clients.length * baselineDays, (index) =>
    doseRequest(clinic, addDays(clinic.today, 1 + Math.floor(index / clinic.clients.length)), index),
  );
  const baselineToken = randomBytes(32).toString('base64url');
  const baseline = await startServer('baseline', BASELINE_MAIN, await freePort(), {
    DATABASE_URL: database.url,
    NODE_ENV: 'production',
    BASELINE_TOKEN: baselineToken,
    BASELINE_STAFF_ID: clinic.nurse.user.id,
    BASELINE_CLINIC_ID: clinic.clinicId,
    BASELINE_TIME_ZONE: clinic.timeZone,
  });
  cleanup.add('stop the baseline server', baseline.stop);
  log(`baseline server is ready at ${baseline.base}`);
  const baselineFigures = await measure('baseline', { base: baseline.base, token: baselineToken }, baseline.pid, baselinePool);
  await baseline.stop();

  if (todayIn(clinic.timeZone) !== clinic.today) throw new Error('The clinic day changed during the run; its figures are void.');

  log('checking the audit chain with Tongban (GET /audit-events/verify)');
  tongban = await startTongban();
  const verifier = new TongbanApi(tongban.base);
  const coordinator = await verifier.login(clinic.usernames.coordinator, clinic.staffPassword);
  const chain = await verifier.get<{ ok: boolean; checked: number }>(coordinator, '/audit-events/verify', 5 * 60_000);
  await tongban.stop();
  if (!chain.ok) throw new Error(`the audit chain does not verify: ${JSON.stringify(chain)}`);
  log(`the audit chain verifies: ${chain.checked} events`);

  return {
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: `PostgreSQL ${postgres.version} (fsync ${postgres.fsync}, synchronous_commit ${postgres.synchronousCommit}, shared_buffers ${postgres.sharedBuffers})`,
    },
    options: {
      clients: options.clients,
      connections: options.connections,
      seconds: options.seconds,
      rate: options.rate,
      warmupSeconds: options.warmupSeconds,
    },
    generation: { ...clinic.seconds, historyVisits: clinic.historyVisits },
    tongban: tongbanFigures,
    baseline: baselineFigures,
    chain,
    profile,
  };

  async function measure(name: string, target: Target, pid: number, pool: RequestPool): Promise<ServerFigures> {
    await settle(database.url);
    const busyBefore = await waitForQuiet();
    const fixedCount = Math.round(options.rate * options.seconds);
    log(`${name}: warm-up, ${options.warmupSeconds} s at saturation`);
    const warmup = await saturate(target, pool, {
      connections: options.connections,
      seconds: options.warmupSeconds,
      maxRequests: Math.min(Math.floor((pool.remaining - fixedCount) / 4), 2000),
    });
    await pause();
    log(`${name}: saturation, ${options.connections} connections for ${options.seconds} s (${pool.remaining} client days left)`);
    const saturation = await watched(pid, () =>
      saturate(target, pool, { connections: options.connections, seconds: options.seconds, maxRequests: pool.remaining - fixedCount }),
    );
    await pause();
    log(`${name}: ${options.rate} requests/s for ${options.seconds} s`);
    const fixedRate = await watched(pid, () => paced(target, pool, options.connections, options.rate, options.seconds));
    for (const [phase, figures] of [
      ['saturation', saturation],
      ['fixed rate', fixedRate],
    ] as const) {
      log(
        `${name} ${phase}: ${figures.run.rps.toFixed(0)} req/s, p50 ${figures.run.p50.toFixed(1)} ms, p99 ${figures.run.p99.toFixed(1)} ms, ` +
          `${figures.run.created} created, ${figures.rowsWritten} rows written, other answers ${JSON.stringify(figures.run.others)}`,
      );
    }
    return { name, busyBefore, warmup, saturation, fixedRate };
  }

  async function watched(pid: number, work: () => Promise<RunResult>): Promise<Measured> {
    const rowsBefore = await monitor.visits();
    await monitor.start();
    const run = await work();
    const machine = await monitor.stop(pid);
    return { run, machine, rowsWritten: (await monitor.visits()) - rowsBefore };
  }

  /** Waits (boundedly) until the machine is quiet, and says how busy it was. */
  async function waitForQuiet(): Promise<number> {
    const deadline = Date.now() + options.quietWaitSeconds * 1000;
    let busy = await MachineMonitor.busyOver(3000);
    while (busy > QUIET_BUSY_PERCENT && Date.now() < deadline) {
      log(`the machine is busy (${busy.toFixed(0)}% of a core in use); waiting for it to be quiet`);
      busy = await MachineMonitor.busyOver(5000);
    }
    return busy;
  }
}

function doseRequest(clinic: GeneratedClinic, clinicDay: string, index: number): { path: string; body: string } {
  const client = clinic.clients[index % clinic.clients.length];
  return { path: `/api/v1/clients/${client.id}/doses`, body: JSON.stringify({ doseMg: DOSE_MG, kind: 'observed', clinicDay }) };
}

function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
}
