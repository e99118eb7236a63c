import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { generateClinic } from './generate';
import { Cleanup } from './support/cleanup';
import { settle } from './support/database';
import { processCpuMs } from './support/machine';
import { summarizeProfile } from './support/profile';
import { API_MAIN, freePort, prepareTongban, startServer, StartedServer } from './support/servers';
import { Latencies, latencies, timedPairs } from './support/pairs';
import { TongbanApi } from './support/tongban-api';

export interface TodayOptions {
  /** The PostgreSQL server: a database is created on it for the run and dropped afterwards. */
  serverUrl: string;
  /** Active clients of the clinic (1,400: the largest clinic of China's programme, stack-notes.md). */
  clients: number;
  /** Reads measured, each paired with a run of the baseline statement (after as many unmeasured warm-up pairs). */
  reads: number;
  /** Items a read asks for (the list's page size: api.md allows at most 200). */
  limit: number;
  /** Where Tongban writes a CPU profile of its reads (node --cpu-prof), if anywhere. */
  profileDir?: string;
  log: (line: string) => void;
}

export interface TodayReport {
  date: string;
  options: Pick<TodayOptions, 'clients' | 'reads' | 'limit'>;
  tongban: Latencies;
  baseline: Latencies;
  /** Tongban's p50 over the baseline's: the target is at most 2. */
  ratio: number;
  /** The CPU time (user and system, ms) Tongban's process spent per measured read, from /proc (undefined where there is none). */
  cpuPerReadMs?: number;
  /** The same per warm-up read: more than per measured read while the process is still compiling its hot paths. */
  cpuPerWarmUpReadMs?: number;
  /** Where Tongban's CPU went during its reads, when profiled. */
  profile?: { file: string; lines: string[] };
}

/** Call paths whose share of Tongban's CPU the profile summary shows. */
const PROFILED_PATHS: Record<string, RegExp> = {
  'signed-token check (jsonwebtoken)': /node_modules\/jsonwebtoken\//,
  'TypeORM (query building, entities, transactions)': /node_modules\/typeorm\//,
  'pg driver': /node_modules\/pg(-protocol|-pool)?\//,
  'field decryption (FieldCipher.open)': /^open .*field-cipher/m,
  'JSON answer (stringify)': /^stringify /m,
  'Tongban dosing': /\/dist\/libs\/dosing\//,
  'Tongban clients': /\/dist\/libs\/clients\//,
};

/**
 * The baseline: the same list read (the clinic's active clients in code
 * order, with their open episode, coverage today, the order in force and
 * today's observed parts) as one hand-written statement through plain `pg`,
 * without HTTP, decryption, rules or the audit trail.
 */
const BASELINE_SQL = `
SELECT c.id, c.code, c.preferred_name, c.given_name, c.family_name, c.date_of_birth, e.start_date, c.created_at,
       cov.last, cov.covered, o.id AS order_id, o.dose_mg, o.effective_date, o.split_dose, o.take_home_days_per_week, o.note,
       ARRAY(SELECT v.dose_mg FROM dosing_visit v
              WHERE v.client_id = c.id AND v.clinic_day = $2::date AND v.kind = 'observed' AND v.voided_at IS NULL ORDER BY v.part) AS given
  FROM client c
  JOIN treatment_episode e ON e.client_id = c.id AND e.end_date IS NULL
 CROSS JOIN LATERAL (
       SELECT max(LEAST(CASE WHEN v.kind = 'observed' THEN v.clinic_day ELSE v.clinic_day + v.covers_days END, $2::date - 1))
                FILTER (WHERE v.clinic_day < $2::date) AS last,
              coalesce(bool_or((v.kind = 'observed' AND v.clinic_day = $2::date)
                       OR (v.kind = 'take_home' AND v.clinic_day < $2::date AND v.clinic_day + v.covers_days >= $2::date)), false) AS covered
         FROM dosing_visit v
        WHERE v.client_id = c.id AND v.clinic_day BETWEEN $2::date - 40 AND $2::date AND v.voided_at IS NULL) cov
  LEFT JOIN LATERAL (
       SELECT * FROM dose_order d
        WHERE d.client_id = c.id AND d.effective_date <= $2::date AND d.voided_at IS NULL
        ORDER BY d.effective_date DESC, d.created_at DESC LIMIT 1) o ON o.end_date IS NULL OR o.end_date >= $2::date
 WHERE c.clinic_id = $1 AND c.status = 'active'
 ORDER BY c.code, c.id
 LIMIT $3`;

/**
 * `GET /dosing/today` for a clinic of `clients` active clients, as a nurse
 * reads it, against the baseline statement: `reads` pairs of a read and a run
 * of the statement, one after another, after as many warm-up pairs
 * ({@link timedPairs}); p50, p95 and mean latency.
 */
export async function runTodayBenchmark(options: TodayOptions, cleanup: Cleanup): Promise<TodayReport> {
  const { log } = options;
  const { database, adminPassword, env } = await prepareTongban(options.serverUrl, cleanup, log);
  const start = async (nodeFlags: string[] = []): Promise<StartedServer> => {
    const server = await startServer('Tongban', API_MAIN, await freePort(), env, nodeFlags);
    cleanup.add('stop Tongban', server.stop);
    return server;
  };
  let tongban = await start();
  log(`Tongban is ready at ${tongban.base}; generating a clinic of ${options.clients} clients`);
  const clinic = await generateClinic(new TongbanApi(tongban.base), { clients: options.clients, adminPassword, log });
  await tongban.stop();
  const profileDir = options.profileDir ? mkdtempSync(join(options.profileDir, 'today-')) : undefined;
  tongban = await start(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  const api = new TongbanApi(tongban.base);
  const nurse = await api.login(clinic.usernames.nurse, clinic.staffPassword);
  await settle(database.url);

  const path = `/dosing/today?limit=${options.limit}`;
  const first = await api.get<{ items: unknown[] }>(nurse, path);
  if (first.items.length !== Math.min(options.limit, options.clients)) {
    throw new Error(`GET /dosing/today listed ${first.items.length} clients, not ${Math.min(options.limit, options.clients)}`);
  }
  const pg = new Client({ connectionString: database.url });
  await pg.connect();
  cleanup.add('close the baseline connection', () => pg.end());
  const params = [clinic.clinicId, clinic.today, options.limit];
  const rows = await pg.query(BASELINE_SQL, params);
  if (rows.rowCount !== first.items.length) throw new Error(`the baseline listed ${rows.rowCount} clients, Tongban ${first.items.length}`);
  log(`${options.reads} warm-up and ${options.reads} measured pairs: a read of GET /api/v1${path} and a run of the baseline statement`);
  const cpu: { start?: number; before?: number; after?: number } = { start: processCpuMs(tongban.pid) };
  const [tongbanTimes, baselineTimes] = await timedPairs(
    options.reads,
    () => api.get(nurse, path),
    () => pg.query(BASELINE_SQL, params),
    () => (cpu.before = processCpuMs(tongban.pid)),
  );
  cpu.after = processCpuMs(tongban.pid);
  await tongban.stop();
  await pg.end();

  const tongbanFigures = latencies(tongbanTimes);
  const baselineFigures = latencies(baselineTimes);
  return {
    date: new Date().toISOString().slice(0, 10),
    options: { clients: options.clients, reads: options.reads, limit: options.limit },
    tongban: tongbanFigures,
    baseline: baselineFigures,
    ratio: tongbanFigures.p50 / baselineFigures.p50,
    cpuPerReadMs: cpu.before !== undefined && cpu.after !== undefined ? (cpu.after - cpu.before) / options.reads : undefined,
    cpuPerWarmUpReadMs: cpu.start !== undefined && cpu.before !== undefined ? (cpu.before - cpu.start) / options.reads : undefined,
    profile: profileDir ? summarizeProfile(profileDir, PROFILED_PATHS) : undefined,
  };
}

export function renderTodayMarkdown(report: TodayReport): string {
  const row = (name: string, l: Latencies): string => `| ${name} | ${l.p50.toFixed(1)} | ${l.p95.toFixed(1)} | ${l.mean.toFixed(1)} |`;
  return [
    `${report.date}: a clinic of ${report.options.clients} active clients, ${report.options.reads} reads of ${report.options.limit} items each, one after another, each paired with a run of the baseline statement.`,
    '',
    '| | p50 (ms) | p95 (ms) | mean (ms) |',
    '| --- | ---: | ---: | ---: |',
    row('Tongban `GET /dosing/today`', report.tongban),
    row('baseline (one SQL statement, plain `pg`)', report.baseline),
    '',
    `Tongban's p50 is ${report.ratio.toFixed(2)}× the baseline's (target: at most 2×).`,
    ...(report.cpuPerReadMs !== undefined
      ? [
          '',
          `Tongban's process used ${report.cpuPerReadMs.toFixed(1)} ms of CPU per measured read (user and system, /proc)` +
            (report.cpuPerWarmUpReadMs !== undefined ? `, ${report.cpuPerWarmUpReadMs.toFixed(1)} ms per warm-up read.` : '.'),
        ]
      : []),
    ...(report.profile
      ? [
          '',
          "Tongban's CPU during its reads (`node --cpu-prof`, warm-up included, idle excluded):",
          '',
          '```',
          ...report.profile.lines,
          '```',
        ]
      : []),
  ].join('\n');
}
