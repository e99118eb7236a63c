/**
 * `npm run bench -- dosing`: builds Tongban and the benchmarks, then runs one.
 * See bench/README.md.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runDosingBenchmark } from './dosing';
import { renderImportMarkdown, renderImportTable, runImportBenchmark } from './import';
import { renderStatements, runStatementsBenchmark } from './statements';
import { remindersBenchmark as reminders } from './reminders';
import { renderReportsMarkdown, runReportsBenchmark } from './reports';
import { renderSlowSpotsMarkdown, runSlowSpotsBenchmark } from './slow-spots';
import { renderTodayMarkdown, runTodayBenchmark } from './today';
import { renderWorklistMarkdown, runWorklistBenchmark } from './worklist';
import { Cleanup } from './support/cleanup';
import { disturbed, renderMarkdown, renderTable } from './support/report';

/** No benchmark may run longer than this; then it stops its servers, drops its database and fails. */
const DEADLINE_MS = 30 * 60_000;

function log(line: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

function integerFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return value;
}

/** Profiles are kept (in the build output, ignored by git) to be opened in Chrome's DevTools. */
function profileDir(): string {
  const dir = join(process.cwd(), 'dist-bench/profiles');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The PostgreSQL server of DATABASE_URL, which must be on this machine. */
function localServerUrl(): string {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is required: a PostgreSQL server where the benchmark may create and drop a database');
  const host = new URL(serverUrl).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error('DATABASE_URL must point to this machine (127.0.0.1)');
  return serverUrl;
}

async function dosing(cleanup: Cleanup): Promise<void> {
  const serverUrl = localServerUrl();
  const report = await runDosingBenchmark(
    {
      serverUrl,
      clients: integerFromEnv('BENCH_CLIENTS', 2000, 100, 20_000),
      connections: 32,
      seconds: integerFromEnv('BENCH_SECONDS', 15, 5, 120),
      rate: integerFromEnv('BENCH_RATE', 100, 10, 1000),
      warmupSeconds: 5,
      quietWaitSeconds: integerFromEnv('BENCH_QUIET_WAIT', 120, 0, 900),
      profileDir: process.env.BENCH_PROFILE ? profileDir() : undefined,
      log,
    },
    cleanup,
  );
  console.log(`\n${renderTable(report)}\n\nFor docs/benchmarks.md:\n\n${renderMarkdown(report)}\n`);
  if (disturbed(report)) log('other work on this machine disturbed the runs (see "others" above): run again when it is quiet');
}

async function statements(cleanup: Cleanup): Promise<void> {
  const report = await runStatementsBenchmark({ serverUrl: localServerUrl(), log }, cleanup);
  console.log(`\n${renderStatements(report)}\n`);
}

async function historyImport(cleanup: Cleanup): Promise<void> {
  const report = await runImportBenchmark(
    {
      serverUrl: localServerUrl(),
      clients: integerFromEnv('BENCH_IMPORT_CLIENTS', 1400, 100, 20_000),
      rows: integerFromEnv('BENCH_IMPORT_ROWS', 1_000_000, 1000, 2_000_000),
      quietWaitSeconds: integerFromEnv('BENCH_QUIET_WAIT', 120, 0, 900),
      log,
    },
    cleanup,
  );
  console.log(`\n${renderImportTable(report)}\n\nFor docs/benchmarks.md:\n\n${renderImportMarkdown(report)}\n`);
}

async function reports(cleanup: Cleanup): Promise<void> {
  const clinics = integerFromEnv('BENCH_REPORTS_CLINICS', 100, 16, 200);
  const report = await runReportsBenchmark(
    {
      serverUrl: localServerUrl(),
      sizes: [Math.round(clinics / 16), Math.round(clinics / 4), clinics],
      requests: integerFromEnv('BENCH_REPORTS_REQUESTS', 20, 5, 200),
      warmup: 2,
      log,
    },
    cleanup,
  );
  console.log(`\nFor docs/benchmarks.md:\n\n${renderReportsMarkdown(report)}\n`);
}

async function slowSpots(cleanup: Cleanup): Promise<void> {
  const report = await runSlowSpotsBenchmark(
    {
      serverUrl: localServerUrl(),
      clients: integerFromEnv('BENCH_SLOW_CLIENTS', 20_000, 100, 20_000),
      windowDays: integerFromEnv('BENCH_SLOW_WINDOW', 160, 1, 366),
      requests: integerFromEnv('BENCH_SLOW_REQUESTS', 10, 3, 100),
      warmup: 2,
      keep: process.env.BENCH_SLOW_KEEP === '1',
      reuse: process.env.BENCH_SLOW_REUSE === '1',
      analyzeAfterImport: process.env.BENCH_SLOW_ANALYZE === '1',
      log,
    },
    cleanup,
  );
  console.log(`\nFor docs/benchmarks.md:\n\n${renderSlowSpotsMarkdown(report)}\n`);
}

async function today(cleanup: Cleanup): Promise<void> {
  const report = await runTodayBenchmark(
    {
      serverUrl: localServerUrl(),
      clients: integerFromEnv('BENCH_TODAY_CLIENTS', 1400, 200, 20_000),
      reads: integerFromEnv('BENCH_TODAY_READS', 200, 10, 1000),
      limit: 200,
      profileDir: process.env.BENCH_PROFILE ? profileDir() : undefined,
      log,
    },
    cleanup,
  );
  console.log(`\nFor docs/benchmarks.md:\n\n${renderTodayMarkdown(report)}\n`);
}

async function worklist(cleanup: Cleanup): Promise<void> {
  const report = await runWorklistBenchmark(
    {
      serverUrl: localServerUrl(),
      clients: integerFromEnv('BENCH_WORKLIST_CLIENTS', 1400, 200, 20_000),
      reads: integerFromEnv('BENCH_WORKLIST_READS', 200, 10, 1000),
      log,
    },
    cleanup,
  );
  console.log(`\nFor docs/benchmarks.md:\n\n${renderWorklistMarkdown(report)}\n`);
}

const BENCHMARKS: Record<string, (cleanup: Cleanup) => Promise<void>> = {
  dosing,
  import: historyImport,
  statements,
  reminders,
  reports,
  'slow-spots': slowSpots,
  today,
  worklist,
};

async function main(): Promise<number> {
  const name = process.argv[2];
  const benchmark = name === undefined ? undefined : BENCHMARKS[name];
  if (!benchmark) {
    console.error(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}>`);
    return 2;
  }
  const cleanup = new Cleanup();
  const abort = (why: string, code: number): void => {
    log(`${why}: stopping`);
    void cleanup.run(log).finally(() => process.exit(code));
  };
  process.once('SIGINT', () => abort('interrupted', 130));
  process.once('SIGTERM', () => abort('terminated', 143));
  const deadline = setTimeout(() => abort(`still running after ${DEADLINE_MS / 60_000} minutes`, 1), DEADLINE_MS);
  try {
    await benchmark(cleanup);
    return 0;
  } catch (error) {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  } finally {
    clearTimeout(deadline);
    await cleanup.run(log);
  }
}

void main().then((code) => process.exit(code));
