/**
 * `npm run bench -- slow-spots`: the two slow spots of a large clinic, 20,000
 * clients and about 2 million doses — the dosing report over 160 days, and
 * the first dispensing list (`GET /dosing/today`) after a history import —
 * each against hand-written SQL through plain `pg` on the same database. See
 * bench/README.md ("slow-spots").
 */
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadConfig } from '@tongban/platform/config/app-config';
import { FieldCipher } from '@tongban/platform/crypto/field-cipher';
import { postFile } from './import';
import { Cleanup } from './support/cleanup';
import { createBenchDatabase } from './support/database';
import { addDays, minutesToMidnight, todayIn } from './support/days';
import { API_MAIN, freePort, startServer } from './support/servers';
import { markdownTable } from './support/tables';
import { Session, TongbanApi } from './support/tongban-api';

const TIME_ZONE = 'Asia/Shanghai';
const PASSWORD = 'bench-password-2026';
const REQUEST_TIMEOUT_MS = 120_000;
/** Where a kept database is described (its URL and Tongban's environment), for the next run to reuse. */
const STATE_FILE = join(process.cwd(), 'dist-bench/slow-spots-state.json');
/** Intake between this many days ago and that plus {@link INTAKE_SPREAD} - 1. */
const INTAKE_MIN_DAYS_AGO = 45;
const INTAKE_SPREAD = 121;
/** Every 40th client stopped coming this many days ago: a drop-out the records show but no one has read. */
const DROPOUT_LAST_DOSE_DAYS_AGO = 35;

export interface SlowSpotsOptions {
  serverUrl: string;
  clients: number;
  windowDays: number;
  requests: number;
  warmup: number;
  /** Keep the database (and how to start Tongban on it) for later runs. */
  keep: boolean;
  /** Reuse the database a run kept: no generation, no import (the first-list-after-import figure is not measured). */
  reuse: boolean;
  /** Run `ANALYZE dosing_visit` between the import and the first list (what an import that analyzes would leave). */
  analyzeAfterImport: boolean;
  log: (line: string) => void;
}

interface State {
  url: string;
  name: string;
  env: Record<string, string>;
  clinicId: string;
  clients: number;
  visits: number;
  madeOn: string;
}

interface Timing {
  first: number;
  p50: number;
  p95: number;
  n: number;
}

export interface SlowSpotsReport {
  date: string;
  machine: string;
  clients: number;
  visits: number;
  generation: { seconds: number; copySeconds: number; importSeconds: number } | null;
  afterImport: { tongbanFirst: number; baselineFirst: number; statsAtFirst: string } | null;
  today: { tongban: Timing; baseline: Timing };
  report: { from: string; to: string; tongban: Timing; baseline: Timing; same: boolean };
  loadAverage: number[];
  totalSeconds: number;
}

interface DayFigures {
  day: string;
  census: number;
  doses: number;
  missedRate: number | null;
}

/**
 * The baseline of `GET /reports/dosing`: the same figures for each day of the
 * window, by the plainest SQL a report server would send. Census: episodes
 * open that day (to their recorded end, or today); doses: clients with an
 * observed dose; covered: clients in treatment that day with an observed
 * dose or a take-home covering it. It reads episodes as recorded, so it is
 * exact once the drop-outs the records show have been settled — which the
 * first `/dosing/today` of the run does for the whole clinic.
 * `$1` clinic, `$2` from, `$3` to, `$4` today.
 */
const REPORT_BASELINE_SQL = `
WITH days AS (SELECT d::date AS day FROM generate_series($2::date, $3::date, interval '1 day') AS d),
     spans AS (SELECT client_id, start_date, coalesce(end_date, $4::date) AS last_day FROM treatment_episode
                WHERE clinic_id = $1 AND start_date <= $3::date AND (end_date IS NULL OR end_date >= $2::date)),
     marks AS (SELECT client_id, clinic_day AS day, true AS observed FROM dosing_visit
                WHERE clinic_id = $1 AND kind = 'observed' AND clinic_day BETWEEN $2::date AND $3::date
               UNION ALL
               SELECT v.client_id, v.clinic_day + g.n, false FROM dosing_visit v, generate_series(1, v.covers_days) AS g(n)
                WHERE v.clinic_id = $1 AND v.kind = 'take_home' AND v.clinic_day BETWEEN $2::date - 6 AND $3::date),
     client_days AS (SELECT client_id, day, bool_or(observed) AS observed FROM marks
                      WHERE day BETWEEN $2::date AND $3::date GROUP BY client_id, day),
     per_day AS (SELECT k.day, count(*) FILTER (WHERE k.observed) AS doses, count(s.client_id) AS covered
                   FROM client_days k LEFT JOIN spans s ON s.client_id = k.client_id AND k.day BETWEEN s.start_date AND s.last_day
                  GROUP BY k.day),
     census AS (SELECT d.day, count(s.client_id) AS census FROM days d
                  LEFT JOIN spans s ON d.day BETWEEN s.start_date AND s.last_day GROUP BY d.day)
SELECT to_char(c.day, 'YYYY-MM-DD') AS day, c.census::int, coalesce(p.doses, 0)::int AS doses, coalesce(p.covered, 0)::int AS covered
  FROM census c LEFT JOIN per_day p ON p.day = c.day ORDER BY c.day`;

/**
 * The baseline of `GET /dosing/today` (first page, 50): the clients in
 * treatment by code, each with the open episode's first day, the last day
 * covered before today and whether today is covered (through the
 * (client_id, clinic_day) index), and the order in force. No drop-out
 * settling, no sign-in, no audit event.
 */
const TODAY_BASELINE_SQL = `
SELECT c.id, c.code, e.start_date, cov.last, cov.covered, o.dose_mg
  FROM client c
  JOIN treatment_episode e ON e.client_id = c.id AND e.end_date IS NULL
  CROSS JOIN LATERAL (
    SELECT max(CASE WHEN v.kind = 'observed' AND v.clinic_day < $2::date THEN v.clinic_day
                    WHEN v.kind = 'take_home' AND v.clinic_day < $2::date - 1 THEN LEAST(v.clinic_day + v.covers_days, $2::date - 1) END) AS last,
           coalesce(bool_or((v.kind = 'observed' AND v.clinic_day = $2::date)
                            OR (v.kind = 'take_home' AND v.clinic_day < $2::date AND v.clinic_day + v.covers_days >= $2::date)), false) AS covered
      FROM dosing_visit v WHERE v.client_id = c.id AND v.clinic_day BETWEEN $2::date - 40 AND $2::date) cov
  LEFT JOIN LATERAL (SELECT dose_mg FROM dose_order WHERE client_id = c.id AND effective_date <= $2::date
                      ORDER BY effective_date DESC, created_at DESC LIMIT 1) o ON true
 WHERE c.clinic_id = $1 AND c.status = 'active'
 ORDER BY c.code, c.id LIMIT 51`;

export async function runSlowSpotsBenchmark(options: SlowSpotsOptions, cleanup: Cleanup): Promise<SlowSpotsReport> {
  const { log } = options;
  const started = Date.now();
  if (minutesToMidnight(TIME_ZONE) < 30) throw new Error(`less than half an hour to midnight in ${TIME_ZONE}: run it after midnight there`);
  const today = todayIn(TIME_ZONE);

  let state: State;
  let generation: SlowSpotsReport['generation'] = null;
  let tongban: Awaited<ReturnType<typeof startServer>>;
  let afterImport: SlowSpotsReport['afterImport'] = null;
  let nurse: Session;
  let coordinator: Session;
  const db = (url: string): Promise<Client> => connect(url, cleanup);

  if (options.reuse) {
    if (!existsSync(STATE_FILE)) throw new Error(`no kept database: run once with BENCH_SLOW_KEEP=1 first (${STATE_FILE} is missing)`);
    state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as State;
    if (state.madeOn !== today)
      log(`the kept database was made on ${state.madeOn}: its history ends before yesterday, figures shift a little`);
    tongban = await startServer('Tongban', API_MAIN, await freePort(), state.env);
    cleanup.add('stop Tongban', tongban.stop);
    log(`reusing database ${state.name}: ${state.clients} clients, ${state.visits} dosing visits`);
    const api = new TongbanApi(tongban.base);
    nurse = await api.login('slow.nurse', PASSWORD);
    coordinator = await api.login('slow.coordinator', PASSWORD);
  } else {
    const database = await createBenchDatabase(options.serverUrl);
    if (!options.keep) cleanup.add(`drop database ${database.name}`, database.drop);
    const dataDir = mkdtempSync(join(tmpdir(), 'tongban-bench-'));
    if (!options.keep) cleanup.add('remove the data directory', () => rmSync(dataDir, { recursive: true, force: true }));
    const adminPassword = randomBytes(18).toString('base64url');
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      JWT_SECRET: randomBytes(48).toString('base64url'),
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
      LOG_LEVEL: 'warn',
    };
    log(`created database ${database.name}${options.keep ? ' (kept after the run)' : ''}`);
    tongban = await startServer('Tongban', API_MAIN, await freePort(), env);
    cleanup.add('stop Tongban', tongban.stop);
    const api = new TongbanApi(tongban.base);
    const admin = await api.login('admin', adminPassword);
    const clinic = await api.post<{ id: string }>(admin, '/clinics', {
      code: 'SLOW',
      name: '美沙酮维持治疗门诊 SLOW',
      timeZone: TIME_ZONE,
    });
    for (const role of ['coordinator', 'nurse']) {
      await api.post(admin, '/staff', { username: `slow.${role}`, password: PASSWORD, displayName: role, role, clinicId: clinic.id });
    }
    coordinator = await api.login('slow.coordinator', PASSWORD);
    nurse = await api.login('slow.nurse', PASSWORD);

    const genStarted = Date.now();
    const conn = await db(database.url);
    await writeClients(conn, new FieldCipher(loadConfig(env)), clinic.id, coordinator.user.id, options.clients, today);
    const copySeconds = secondsSince(genStarted);
    log(`wrote ${options.clients} clients and their episodes with COPY in ${copySeconds} s`);
    const file = join(dataDir, 'history.csv');
    const rows = await writeHistory(file, options.clients, today);
    log(`wrote ${rows} rows of history (${(statSync(file).size / 2 ** 20).toFixed(1)} MiB)`);
    await conn.query('VACUUM ANALYZE');

    log(`Tongban: POST /imports/dosing-history with ${rows} rows`);
    const importStarted = Date.now();
    const answer = await postFile(`${tongban.base}/api/v1/imports/dosing-history`, coordinator.token, file, statSync(file).size);
    const importSeconds = secondsSince(importStarted);
    if (answer.status !== 200) throw new Error(`the import answered ${answer.status}: ${answer.body.slice(0, 1000)}`);
    log(`imported ${rows} rows in ${importSeconds} s`);

    if (options.analyzeAfterImport) {
      const analyzeStarted = Date.now();
      await conn.query('ANALYZE dosing_visit');
      log(`ANALYZE dosing_visit in ${secondsSince(analyzeStarted)} s`);
    }
    // At once, before autovacuum may analyze the table: the first list of the day after the import, then the baseline's.
    const statsAtFirst = await statsOf(conn);
    const t0 = performance.now();
    await new TongbanApi(tongban.base).get(nurse, '/dosing/today', REQUEST_TIMEOUT_MS);
    const tongbanFirst = round(performance.now() - t0);
    const t1 = performance.now();
    await conn.query(TODAY_BASELINE_SQL, [clinic.id, today]);
    const baselineFirst = round(performance.now() - t1);
    afterImport = { tongbanFirst, baselineFirst, statsAtFirst };
    log(`first GET /dosing/today after the import: ${tongbanFirst} ms (baseline ${baselineFirst} ms; dosing_visit: ${statsAtFirst})`);

    // The orders, as generate.ts writes them after the history: one 60 mg order each, from intake.
    await copy(
      conn,
      'dose_order',
      'client_id, clinic_id, dose_mg, effective_date, ordered_by',
      (function* () {
        for (let i = 0; i < options.clients; i++) yield `${clientId(i)}\t${clinic.id}\t60\t${intakeOf(i, today)}\t${coordinator.user.id}\n`;
      })(),
    );
    const visits = Number((await conn.query<{ n: string }>('SELECT count(*) AS n FROM dosing_visit')).rows[0].n);
    generation = { seconds: secondsSince(genStarted), copySeconds, importSeconds };
    state = { url: database.url, name: database.name, env, clinicId: clinic.id, clients: options.clients, visits, madeOn: today };
    if (options.keep) {
      mkdirSync(join(process.cwd(), 'dist-bench'), { recursive: true });
      writeFileSync(STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
      log(`kept: ${database.name} (reuse with BENCH_SLOW_REUSE=1; drop it with DROP DATABASE ${database.name})`);
    }
  }

  const conn = await db(state.url);
  await conn.query('VACUUM ANALYZE');
  // As in the reports benchmark: the baseline's row estimates would make PostgreSQL JIT-compile it, which costs more than it saves.
  await conn.query('SET jit = off');
  const api = new TongbanApi(tongban.base);

  // The dispensing list in steady state (statistics in place).
  const todayTongban: number[] = [];
  const todayBaseline: number[] = [];
  for (let i = 0; i < options.warmup + options.requests; i++) {
    const t0 = performance.now();
    await api.get(nurse, '/dosing/today', REQUEST_TIMEOUT_MS);
    if (i >= options.warmup) todayTongban.push(performance.now() - t0);
    const t1 = performance.now();
    await conn.query(TODAY_BASELINE_SQL, [state.clinicId, today]);
    if (i >= options.warmup) todayBaseline.push(performance.now() - t1);
  }

  // The dosing report over the window ending today, alternating with the baseline.
  const from = addDays(today, -(options.windowDays - 1));
  const path = `/reports/dosing?from=${from}&to=${today}`;
  const reportTongban: number[] = [];
  const reportBaseline: number[] = [];
  let tongbanAnswer: DayFigures[] = [];
  let baselineAnswer: DayFigures[] = [];
  for (let i = 0; i < options.warmup + options.requests; i++) {
    const t0 = performance.now();
    tongbanAnswer = (await api.get<{ days: DayFigures[] }>(coordinator, path, REQUEST_TIMEOUT_MS)).days;
    if (i >= options.warmup) reportTongban.push(performance.now() - t0);
    const t1 = performance.now();
    const result = await conn.query<{ day: string; census: number; doses: number; covered: number }>(REPORT_BASELINE_SQL, [
      state.clinicId,
      from,
      today,
      today,
    ]);
    baselineAnswer = result.rows.map((row) => {
      const missed = row.day < today ? row.census - row.covered : null;
      return {
        day: row.day,
        census: row.census,
        doses: row.doses,
        missedRate: missed !== null && row.census > 0 ? missed / row.census : null,
      };
    });
    if (i >= options.warmup) reportBaseline.push(performance.now() - t1);
  }
  const same = JSON.stringify(tongbanAnswer) === JSON.stringify(baselineAnswer);
  if (!same) {
    const differing = tongbanAnswer.findIndex((day, k) => JSON.stringify(day) !== JSON.stringify(baselineAnswer[k]));
    log(
      `DIFFERENT answers, first at ${differing}: Tongban ${JSON.stringify(tongbanAnswer[differing])} baseline ${JSON.stringify(baselineAnswer[differing])}`,
    );
  }
  const version = (await conn.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version.split(' ')[0];
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, PostgreSQL ${version}`,
    clients: state.clients,
    visits: state.visits,
    generation,
    afterImport,
    today: { tongban: timing(todayTongban), baseline: timing(todayBaseline) },
    report: { from, to: today, tongban: timing(reportTongban), baseline: timing(reportBaseline), same },
    loadAverage: loadavg().map(round),
    totalSeconds: secondsSince(started),
  };
}

export function renderSlowSpotsMarkdown(report: SlowSpotsReport): string {
  const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(2) : '-');
  const rows: string[][] = [['', 'Tongban p50 / p95 (ms)', 'baseline p50 / p95 (ms)', 'ratio p50'] as string[]];
  const { today, report: r } = report;
  rows.push([
    `GET /reports/dosing, ${r.from} to ${r.to}${r.same ? '' : ' (ANSWERS DIFFER)'}`,
    `${r.tongban.p50} / ${r.tongban.p95}`,
    `${r.baseline.p50} / ${r.baseline.p95}`,
    ratio(r.tongban.p50, r.baseline.p50),
  ]);
  rows.push([
    'GET /dosing/today (first page), statistics in place',
    `${today.tongban.p50} / ${today.tongban.p95}`,
    `${today.baseline.p50} / ${today.baseline.p95}`,
    ratio(today.tongban.p50, today.baseline.p50),
  ]);
  if (report.afterImport) {
    const a = report.afterImport;
    rows.push([
      `first GET /dosing/today after the import (${a.statsAtFirst})`,
      `${a.tongbanFirst}`,
      `${a.baselineFirst}`,
      ratio(a.tongbanFirst, a.baselineFirst),
    ]);
  }
  const lines = [
    `Run ${report.date}, ${report.machine}; ${report.clients} clients, ${report.visits} dosing visits; ${report.today.tongban.n} timed requests each after warm-up, one at a time, alternating with the baseline; load average at the end ${report.loadAverage.join(' / ')}.`,
  ];
  if (report.generation) {
    const g = report.generation;
    lines.push(
      `Data: ${g.seconds} s (clients and episodes by COPY ${g.copySeconds} s, the history import through the API ${g.importSeconds} s).`,
    );
  } else lines.push('Data: a kept database reused (no import in this run).');
  return `${lines.join('\n')}\n\n${markdownTable(rows)}\n`;
}

// ---- data ----

function clientId(i: number): string {
  return `51000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

function intakeOf(i: number, today: string): string {
  return addDays(today, -(INTAKE_MIN_DAYS_AGO + ((i * 37) % INTAKE_SPREAD)));
}

/** The clients and their open episodes, by COPY; personal fields sealed with Tongban's own FieldCipher and key, so the list opens them. */
async function writeClients(
  db: Client,
  cipher: FieldCipher,
  clinicId: string,
  createdBy: string,
  clients: number,
  today: string,
): Promise<void> {
  await copy(db, 'client_code_counter', 'clinic_id, last', [`${clinicId}\t${clients}\n`]);
  await copy(
    db,
    'client',
    'id, clinic_id, code, given_name, family_name, date_of_birth, sex, phone, national_id, national_id_hash, status, created_by',
    (function* () {
      for (let i = 0; i < clients; i++) {
        const code = `SLOW-${String(i + 1).padStart(6, '0')}`;
        const sealed = [
          `名${i}`,
          '王',
          `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
          `1380013${String(i).padStart(4, '0')}`,
          `11010119800101${String(i).padStart(4, '0')}`,
        ].map((value) => cipher.seal(value));
        yield `${clientId(i)}\t${clinicId}\t${code}\t${sealed.slice(0, 3).join('\t')}\t${i % 7 === 0 ? 'female' : 'male'}\t${sealed.slice(3).join('\t')}\t${randomBytes(32).toString('hex')}\tactive\t${createdBy}\n`;
      }
    })(),
  );
  await copy(
    db,
    'treatment_episode',
    'client_id, clinic_id, start_date',
    (function* () {
      for (let i = 0; i < clients; i++) yield `${clientId(i)}\t${clinicId}\t${intakeOf(i, today)}\n`;
    })(),
  );
}

/**
 * The history file, day by day from the first intake to yesterday: each
 * client's observed dose from intake, except about one day in 13 (never two
 * in a row, never yesterday); every 5th client takes one day a week at home
 * (a `take_home` row, never on the intake day); every 40th client stopped
 * coming {@link DROPOUT_LAST_DOSE_DAYS_AGO} days ago.
 */
async function writeHistory(file: string, clients: number, today: string): Promise<number> {
  const out = createWriteStream(file);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  const yesterday = addDays(today, -1);
  const intake = Array.from({ length: clients }, (_, i) => intakeOf(i, today));
  const lastDay = Array.from({ length: clients }, (_, i) => (i % 40 === 7 ? addDays(today, -DROPOUT_LAST_DOSE_DAYS_AGO) : yesterday));
  const missedYesterday = new Array<boolean>(clients).fill(false);
  let rows = 0;
  await write('client_code,clinic_day,dose_mg,kind\n');
  for (let d = 0, day = addDays(today, -(INTAKE_MIN_DAYS_AGO + INTAKE_SPREAD - 1)); day <= yesterday; d++, day = addDays(day, 1)) {
    let chunk = '';
    for (let i = 0; i < clients; i++) {
      if (day < intake[i] || day > lastDay[i]) continue;
      const missed = day < lastDay[i] && day > intake[i] && !missedYesterday[i] && (i * 31 + d * 17) % 13 === 0;
      missedYesterday[i] = missed;
      if (missed) continue;
      const kind = i % 5 === 0 && day > intake[i] && day < lastDay[i] && (i + d) % 7 === 3 ? 'take_home' : 'observed';
      chunk += `SLOW-${String(i + 1).padStart(6, '0')},${day},60,${kind}\n`;
      rows += 1;
    }
    await write(chunk);
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return rows;
}

function* chunks(lines: Iterable<string>): Generator<string> {
  let buffer = '';
  for (const line of lines) {
    buffer += line;
    if (buffer.length >= 1 << 16) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

async function copy(db: Client, table: string, columns: string, lines: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks(lines)), db.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`)));
}

// ---- measuring ----

async function connect(url: string, cleanup: Cleanup): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: 'tongban-bench-slow-spots' });
  await client.connect();
  cleanup.add('close a connection', () => client.end());
  return client;
}

/** What PostgreSQL knows of dosing_visit: rows it estimates and when it last analyzed it. */
async function statsOf(db: Client): Promise<string> {
  const { rows } = await db.query<{ estimate: string; analyzed: boolean; since: string }>(
    `SELECT c.reltuples::bigint AS estimate, coalesce(s.last_analyze, s.last_autoanalyze) IS NOT NULL AS analyzed, s.n_mod_since_analyze AS since
       FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.relname = 'dosing_visit'`,
  );
  const row = rows[0];
  return `estimated ${row.estimate} rows, ${row.since} changed since the last ANALYZE${row.analyzed ? '' : ' (never analyzed)'}`;
}

function timing(ms: number[]): Timing {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number): number => round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0);
  return { first: round(ms[0] ?? 0), p50: at(0.5), p95: at(0.95), n: ms.length };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function secondsSince(since: number): number {
  return Math.round((Date.now() - since) / 100) / 10;
}
