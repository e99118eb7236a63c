/**
 * `npm run bench -- reports`: the retention report of one clinic in a
 * province-sized data set, through Tongban's API, against hand-written SQL on
 * the raw dosing table. See bench/README.md ("reports").
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { Client } from 'pg';
// The Kaplan-Meier arithmetic is shared with the baseline on purpose; @tongban/reports does not export it.
// eslint-disable-next-line no-restricted-imports
import {
  analyseRetention,
  COMPARISONS,
  Comparison,
  EpisodeOutcome,
  RetentionAnalysis,
  RetentionFigures,
} from '../libs/reports/src/retention/retention-analysis';
import { clinicCode, clinicId, CLIENTS_PER_CLINIC, DROPOUT_DAYS, HISTORY_DAYS, LoadedBatch, loadClinics } from './reports-data';
import { Cleanup } from './support/cleanup';
import { addDays, minutesToMidnight, todayIn } from './support/days';
import { API_MAIN, freePort, prepareTongban, startServer } from './support/servers';
import { Session, TongbanApi } from './support/tongban-api';

const TIME_ZONE = 'Asia/Shanghai';
const LANDMARK_DAYS = 90;
const PASSWORD = 'bench-password-2026';
const REQUEST_TIMEOUT_MS = 60_000;

export interface ReportsOptions {
  serverUrl: string;
  /** Clinics at each measured size, ascending: 1/16, 1/4 and all of the province. */
  sizes: number[];
  requests: number;
  warmup: number;
  log: (line: string) => void;
}

interface Timing {
  p50: number;
  p95: number;
}

interface Row {
  clinics: number;
  window: string;
  compare: Comparison;
  episodes: number;
  tongban: Timing;
  baseline: Timing;
  same: boolean;
}

interface SizeReport {
  clinics: number;
  clients: number;
  dosingVisits: number;
  loadSeconds: number;
  /** 1-minute load average before, and % of both cores busy during the measurements. */
  loadAverage: number;
  busyPercent: number;
  rows: Row[];
}

export interface ReportsReport {
  date: string;
  machine: string;
  options: { requests: number; warmup: number };
  sizes: SizeReport[];
  totalSeconds: number;
}

/**
 * The baseline: the same per-episode outcomes from the raw dosing rows of the
 * clinic's clients. Episodes are runs of visits: a visit after at least
 * `$3` missed days (after the last day covered, take-homes included) begins
 * a new one, and the run before it ended in drop-out on its last covered
 * day. A client's last run is open for an active client (a drop-out when
 * `$3` days are missed up to yesterday, as the dosing rules say), a
 * drop-out for a client whose status says so, and censored on its last
 * covered day for a client discharged, transferred or deceased (the dosing
 * rows cannot tell a discharge from a drop-out: that one column comes from
 * the client). Visits are read from the (client_id, clinic_day) index only
 * (an index-only scan, client by client); the few rows around a run's ends are read for
 * their take-home coverage.
 *
 * `$1` clinic, `$2` today, `$3` drop-out days, `$4`/`$5` the window on the
 * episodes' start, `$6` landmark days.
 */
function baselineSql(compare: Comparison): string {
  const group: Record<Comparison, string> = {
    none: 'NULL',
    cohort: `to_char(o.start_date, 'YYYY-MM')`,
    peer_support: `CASE WHEN o.time >= $6::int THEN CASE WHEN EXISTS (SELECT 1 FROM peer_attendance a
        WHERE a.client_id = o.client_id AND a.meeting_date >= o.start_date AND a.meeting_date < o.start_date + $6::int
          AND a.status = 'present') THEN 'yes' ELSE 'no' END END`,
    family_involvement: `CASE WHEN o.time >= $6::int THEN CASE WHEN EXISTS (SELECT 1 FROM family_interaction f
        WHERE f.client_id = o.client_id AND f.date >= o.start_date AND f.date < o.start_date + $6::int)
        THEN 'yes' ELSE 'no' END END`,
    // The generated data holds no assessments: every episode has no baseline (`unknown`) on both sides.
    social_support: 'NULL',
  };
  return `
  WITH visits AS (
    SELECT c.id AS client_id, v.day, v.prev
      FROM client c
      CROSS JOIN LATERAL (
        SELECT w.clinic_day AS day, lag(w.clinic_day) OVER (ORDER BY w.clinic_day) AS prev
          FROM dosing_visit w WHERE w.client_id = c.id AND w.clinic_day <= $2::date) v
     WHERE c.clinic_id = $1),
  starts AS (
    SELECT s.client_id, s.day, s.prev FROM visits s
     WHERE s.prev IS NULL
        OR (s.day - s.prev - 1 >= $3::int
            AND s.day - 1 - (SELECT max(w.clinic_day + w.covers_days) FROM dosing_visit w
                              WHERE w.client_id = s.client_id AND w.clinic_day BETWEEN s.prev - 6 AND s.prev) >= $3::int)),
  episodes AS (
    SELECT s.client_id, s.day AS start_date,
           lead(s.prev) OVER (PARTITION BY s.client_id ORDER BY s.day) AS next_prev
      FROM starts s),
  ends AS (
    SELECT e.client_id, e.start_date, e.next_prev IS NULL AS last_run, c.status,
           coalesce(e.next_prev, (SELECT max(w.clinic_day) FROM dosing_visit w WHERE w.client_id = e.client_id AND w.clinic_day <= $2::date)) AS last_visit
      FROM episodes e JOIN client c ON c.id = e.client_id
     WHERE e.start_date >= $4::date AND e.start_date <= $5::date),
  runs AS (
    SELECT n.client_id, n.start_date, n.last_run, n.status,
           GREATEST(n.start_date, k.last) AS last_covered, coalesce(k.covered, false) AS covered
      FROM ends n
      CROSS JOIN LATERAL (
        SELECT max(LEAST(w.clinic_day + w.covers_days, $2::date - 1)) FILTER (WHERE w.clinic_day < $2::date) AS last,
               bool_or(w.clinic_day + w.covers_days >= $2::date AND (w.kind = 'take_home' OR w.clinic_day = $2::date)) AS covered
          FROM dosing_visit w
         WHERE w.client_id = n.client_id AND w.clinic_day BETWEEN n.last_visit - 6 AND n.last_visit) k),
  o AS (
    SELECT r.client_id, r.start_date,
           CASE WHEN r.last_run AND r.status = 'active' AND (r.covered OR ($2::date - 1) - r.last_covered < $3::int)
                THEN $2::date - r.start_date
                ELSE r.last_covered - r.start_date END AS time,
           CASE WHEN NOT r.last_run THEN true
                WHEN r.status = 'dropped_out' THEN true
                WHEN r.status = 'active' THEN NOT r.covered AND ($2::date - 1) - r.last_covered >= $3::int
                ELSE false END AS event
      FROM runs r)
  SELECT o.time, o.event, ${group[compare]} AS grp FROM o`;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function timing(ms: number[]): Timing {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)) };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Busy and total CPU ticks of the whole machine. */
function cpuTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return { busy: total - fields[3] - fields[4], total };
}

/** The figures both sides must agree on. */
function summary(a: { episodes: number; events: number; censored: number; retention: RetentionFigures; groups?: unknown[] }): string {
  const r = (x: number | null): string => (x === null ? 'null' : x.toFixed(9));
  return `${a.episodes}/${a.events}/${a.censored}/${r(a.retention.m3)}/${r(a.retention.m6)}/${r(a.retention.m12)}/${a.groups?.length ?? 0}`;
}

export async function runReportsBenchmark(options: ReportsOptions, cleanup: Cleanup): Promise<ReportsReport> {
  const { log } = options;
  const started = Date.now();
  if (minutesToMidnight(TIME_ZONE) < 60) throw new Error(`less than an hour to midnight in ${TIME_ZONE}: run it after midnight there`);
  const today = todayIn(TIME_ZONE);
  const firstDay = addDays(today, -HISTORY_DAYS);

  const { database, adminPassword, env } = await prepareTongban(options.serverUrl, cleanup, log);
  // Tongban migrates the database as it starts.
  const tongban = await startServer('Tongban', API_MAIN, await freePort(), env);
  cleanup.add('stop Tongban', tongban.stop);
  log(`Tongban migrated the database and is ready at ${tongban.base}`);
  const api = new TongbanApi(tongban.base);

  const db = new Client({ connectionString: database.url, application_name: 'tongban-bench-reports' });
  await db.connect();
  cleanup.add('close the connection', () => db.end());
  // The baseline runs on this connection: its row estimates (a subquery per visit) are large enough to trigger JIT
  // compilation, which costs more (about 2 s) than the query itself.
  await db.query('SET jit = off');

  const sizes: SizeReport[] = [];
  let loaded = 0;
  let clients = 0;
  let visits = 0;
  let loadSeconds = 0;
  const coordinatorName = `${clinicCode(0).toLowerCase()}.coordinator`;
  for (const clinics of options.sizes) {
    log(`adding clinics ${loaded + 1} to ${clinics} (${firstDay} to ${addDays(today, -1)})`);
    const batch: LoadedBatch = await loadClinics(db, firstDay, loaded, clinics, log);
    clients += batch.clients;
    visits += batch.dosingVisits;
    loadSeconds = round(loadSeconds + batch.seconds);
    log(
      `  ${batch.dosingVisits} dosing visits; batch written in ${batch.seconds} s; now ${clinics} clinics, ${clients} clients, ${visits} visits`,
    );
    if (loaded === 0) {
      const admin = await api.login('admin', adminPassword);
      await api.post(admin, '/staff', {
        username: coordinatorName,
        password: PASSWORD,
        displayName: '陈协调员',
        role: 'coordinator',
        clinicId: clinicId(0),
      });
    }
    loaded = clinics;
    const vacuumStarted = Date.now();
    await db.query('VACUUM ANALYZE');
    await db.query('CHECKPOINT');
    log(`  VACUUM ANALYZE and CHECKPOINT in ${Math.round((Date.now() - vacuumStarted) / 1000)} s`);
    const coordinator = await api.login(coordinatorName, PASSWORD);
    sizes.push(await measureSize(options, api, coordinator, db, today, { clinics, clients, visits, loadSeconds }));
  }
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, PostgreSQL ${(await db.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version.split(' ')[0]}`,
    options: { requests: options.requests, warmup: options.warmup },
    sizes,
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };
}

async function measureSize(
  options: ReportsOptions,
  api: TongbanApi,
  coordinator: Session,
  db: Client,
  today: string,
  size: { clinics: number; clients: number; visits: number; loadSeconds: number },
): Promise<SizeReport> {
  const windows: Array<{ label: string; from: string | null; to: string | null }> = [
    { label: 'all episodes', from: null, to: null },
    { label: 'one year', from: addDays(today, -730), to: addDays(today, -366) },
  ];
  const loadAverage = round(loadavg()[0]);
  const before = cpuTicks();
  const rows: Row[] = [];
  for (const window of windows) {
    for (const compare of COMPARISONS) {
      const query = new URLSearchParams({ compare, landmarkDays: String(LANDMARK_DAYS) });
      if (window.from) query.set('from', window.from);
      if (window.to) query.set('to', window.to);
      let answer: RetentionAnalysis | undefined;
      const tongbanMs: number[] = [];
      for (let i = 0; i < options.warmup + options.requests; i++) {
        const t0 = performance.now();
        answer = await api.get<RetentionAnalysis>(coordinator, `/reports/retention?${query.toString()}`, REQUEST_TIMEOUT_MS);
        if (i >= options.warmup) tongbanMs.push(performance.now() - t0);
      }
      let mine: RetentionAnalysis | undefined;
      const baselineMs: number[] = [];
      const params: unknown[] = [clinicId(0), today, DROPOUT_DAYS, window.from ?? '-infinity', window.to ?? 'infinity'];
      if (compare === 'peer_support' || compare === 'family_involvement') params.push(LANDMARK_DAYS);
      for (let i = 0; i < options.warmup + options.requests; i++) {
        const t0 = performance.now();
        const result = await db.query<{ time: number; event: boolean; grp: string | null }>(baselineSql(compare), params);
        const outcomes: EpisodeOutcome[] = result.rows.map((row) => ({ time: Number(row.time), event: row.event, group: row.grp }));
        mine = analyseRetention(outcomes, compare, LANDMARK_DAYS);
        if (i >= options.warmup) baselineMs.push(performance.now() - t0);
      }
      const same = answer !== undefined && mine !== undefined && summary(answer) === summary(mine);
      if (!same) log(options, `  DIFFERENT: Tongban ${answer ? summary(answer) : '-'} vs baseline ${mine ? summary(mine) : '-'}`);
      const row: Row = {
        clinics: size.clinics,
        window: window.label,
        compare,
        episodes: answer?.episodes ?? 0,
        tongban: timing(tongbanMs),
        baseline: timing(baselineMs),
        same,
      };
      rows.push(row);
      log(
        options,
        `  ${size.clinics} clinics, ${window.label}, ${compare}: ${row.episodes} episodes; Tongban p50 ${row.tongban.p50} ms p95 ${row.tongban.p95} ms; baseline p50 ${row.baseline.p50} ms p95 ${row.baseline.p95} ms${same ? '' : ' (FIGURES DIFFER)'}`,
      );
    }
  }
  const after = cpuTicks();
  const busyPercent = Math.round(((after.busy - before.busy) / Math.max(1, after.total - before.total)) * 100);
  return {
    clinics: size.clinics,
    clients: size.clients,
    dosingVisits: size.visits,
    loadSeconds: size.loadSeconds,
    loadAverage,
    busyPercent,
    rows,
  };
}

function log(options: ReportsOptions, line: string): void {
  options.log(line);
}

/** The figures as a Markdown table (for docs/benchmarks.md) and the growth across sizes. */
export function renderReportsMarkdown(report: ReportsReport): string {
  const lines: string[] = [];
  lines.push(
    `Run ${report.date} on ${report.machine}; ${report.options.requests} requests per mode after ${report.options.warmup} of warm-up, one at a time; ${report.totalSeconds} s in all.`,
  );
  lines.push('');
  lines.push('| clinics | clients | dosing visits | load (s) | load avg (1 min) | CPU busy while measuring |');
  lines.push('| ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const s of report.sizes)
    lines.push(`| ${s.clinics} | ${s.clients} | ${s.dosingVisits} | ${s.loadSeconds} | ${s.loadAverage} | ${s.busyPercent}% of 2 cores |`);
  lines.push('');
  lines.push(
    '| clinics | window | compare | episodes | Tongban p50 / p95 (ms) | baseline p50 / p95 (ms) | Tongban ÷ baseline (p50 / p95) | same figures |',
  );
  lines.push('| ---: | --- | --- | ---: | ---: | ---: | ---: | --- |');
  for (const s of report.sizes) {
    for (const r of s.rows) {
      lines.push(
        `| ${r.clinics} | ${r.window} | ${r.compare} | ${r.episodes} | ${r.tongban.p50} / ${r.tongban.p95} | ${r.baseline.p50} / ${r.baseline.p95} | ${(r.tongban.p50 / r.baseline.p50).toFixed(2)} / ${(r.tongban.p95 / r.baseline.p95).toFixed(2)} | ${r.same ? 'yes' : 'NO'} |`,
      );
    }
  }
  const first = report.sizes[0];
  const last = report.sizes[report.sizes.length - 1];
  if (first && report.sizes.length > 1) {
    lines.push('');
    lines.push(`The p50 at ${report.sizes.map((s) => s.clinics).join(' → ')} clinics:`);
    lines.push('');
    lines.push('| window | compare | Tongban p50 (ms) | baseline p50 (ms) |');
    lines.push('| --- | --- | --- | --- |');
    for (const [i, r] of first.rows.entries()) {
      lines.push(
        `| ${r.window} | ${r.compare} | ${report.sizes.map((s) => s.rows[i].tongban.p50).join(' → ')} | ${report.sizes.map((s) => s.rows[i].baseline.p50).join(' → ')} |`,
      );
    }
  }
  if (last) {
    const worst = Math.max(...last.rows.map((r) => r.tongban.p50));
    lines.push('');
    lines.push(
      `Target (p50 under 300 ms per report at ${last.clinics} clinics): ${worst < 300 ? 'met' : 'MISSED'}, worst p50 ${worst} ms.`,
    );
  }
  return lines.join('\n');
}

export { CLIENTS_PER_CLINIC };
