import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { BenchClient, CLINIC_TIME_ZONE, clientOf, STAFF_PASSWORD } from './generate';
import { Cleanup } from './support/cleanup';
import { settle, withConnection } from './support/database';
import { addDays, todayIn } from './support/days';
import { markdownTable, plainTable } from './support/tables';
import { MachineMonitor, MachineUse } from './support/machine';
import { API_MAIN, freePort, prepareTongban, startServer } from './support/servers';
import { forEachLimited, TongbanApi } from './support/tongban-api';

export interface ImportOptions {
  serverUrl: string;
  clients: number;
  rows: number;
  quietWaitSeconds: number;
  log: (line: string) => void;
}

export interface ImportRun {
  seconds: number;
  rows: number;
  rowsPerSecond: number;
  machine: MachineUse;
}

export interface ImportReport {
  date: string;
  machine: { cores: number; cpu: string; memoryGiB: number; node: string; postgres: string };
  clients: number;
  file: { rows: number; bytes: number; from: string; until: string; takeHome: number; gaps: number };
  /** Seconds to register the clients through the API. */
  setupSeconds: number;
  tongban: ImportRun;
  baseline: ImportRun;
  /** The same rows, already as `dosing_visit`'s columns, COPYed into tables shaped like it: what any import must at least spend. */
  floor: { bare: FloorRun; indexed: FloorRun };
  /** % of the machine busy just before each run. */
  busyBefore: { tongban: number; baseline: number };
}

export interface FloorRun {
  seconds: number;
  rows: number;
  rowsPerSecond: number;
}

/** The target: Tongban's import reaches at least this share of a plain COPY's rows/s. */
export const IMPORT_TARGET = 0.25;
const API_CONCURRENCY = 16;
const API_DEADLINE_MS = 10 * 60_000;
/** The import's answer must come within this (the server's own request timeout is 5 minutes). */
const IMPORT_TIMEOUT_MS = 10 * 60_000;
const QUIET_BUSY_PERCENT = 30;
/** A client misses about one day in 17, never two in a row. */
const MISSED_EVERY = 17;
/** Every 37th client drops out once for this many days (more than the default 30): the import ends and restarts the episode. */
const GAP_DAYS = 35;

/**
 * The history import of the issue, against a plain COPY of the same file.
 * Tongban (the built API, as a child process, on a database of its own) gets
 * a clinic and `clients` clients through its API; a CSV of `rows` rows of
 * their dosing history is written to a temporary file; the coordinator POSTs
 * it to `/imports/dosing-history` (timed from the first byte sent to the
 * answer); then the same file is copied with `COPY ... FROM STDIN (FORMAT
 * csv, HEADER)` through `pg-copy-streams` into a bare table (four columns of
 * the file's types; no key, index or constraint) in the same database.
 */
export async function runImportBenchmark(options: ImportOptions, cleanup: Cleanup): Promise<ImportReport> {
  const { log } = options;
  // The CSV file is written into the data directory, removed with it.
  const { database, dataDir, adminPassword, env } = await prepareTongban(options.serverUrl, cleanup, log);
  const tongban = await startServer('Tongban', API_MAIN, await freePort(), env);
  cleanup.add('stop Tongban', tongban.stop);
  const api = new TongbanApi(tongban.base);

  // Enough days for the rows at about 90% of client days, ending yesterday at the latest.
  const setupStarted = Date.now();
  const today = todayIn(CLINIC_TIME_ZONE);
  const days = Math.ceil(options.rows / (options.clients * 0.9)) + 1;
  const intakeDate = addDays(today, -days);
  const admin = await api.login('admin', adminPassword);
  const clinic = await api.post<{ id: string }>(admin, '/clinics', { code: 'IMPORT', name: 'Import clinic', timeZone: CLINIC_TIME_ZONE });
  await api.post(admin, '/staff', {
    username: 'bench.coordinator',
    password: STAFF_PASSWORD,
    displayName: '陈协调员',
    role: 'coordinator',
    clinicId: clinic.id,
  });
  const coordinator = await api.login('bench.coordinator', STAFF_PASSWORD);
  const clients: BenchClient[] = new Array<BenchClient>(options.clients);
  await forEachLimited(
    Array.from({ length: options.clients }, (_, i) => i),
    API_CONCURRENCY,
    API_DEADLINE_MS,
    async (i) => {
      const { id, code } = await api.post<BenchClient>(coordinator, '/clients', clientOf(i, intakeDate));
      clients[i] = { id, code };
    },
  );
  const setupSeconds = (Date.now() - setupStarted) / 1000;
  log(`registered ${options.clients} clients (intake ${intakeDate}) in ${setupSeconds.toFixed(1)} s`);

  const file = join(dataDir, 'history.csv');
  const history = await writeHistory(file, clients, intakeDate, addDays(today, -1), options.rows);
  const bytes = statSync(file).size;
  log(
    `wrote ${history.rows} rows (${(bytes / 2 ** 20).toFixed(1)} MiB, ${history.from} to ${history.until}, ` +
      `${history.takeHome} take-home, ${history.gaps} drop-out gaps) to ${file}`,
  );
  if (history.rows !== options.rows) throw new Error(`the file holds ${history.rows} rows, not ${options.rows}`);
  const visitsFile = join(dataDir, 'history-as-visits.tsv');
  await writeAsVisits(file, visitsFile, clients, clinic.id, coordinator.user.id);

  const monitor = await MachineMonitor.connect(database.url, database.name);
  cleanup.add('close the monitor', () => monitor.close());
  const postgres = await monitor.postgres();

  await settle(database.url);
  const busyTongban = await waitForQuiet();
  log(`Tongban: POST /imports/dosing-history with ${options.rows} rows`);
  await monitor.start();
  const started = performance.now();
  const answer = await postFile(`${tongban.base}/api/v1/imports/dosing-history`, coordinator.token, file, bytes);
  const tongbanSeconds = (performance.now() - started) / 1000;
  const tongbanMachine = await monitor.stop(tongban.pid);
  if (answer.status !== 200) throw new Error(`the import answered ${answer.status}: ${answer.body.slice(0, 1000)}`);
  const imported = (JSON.parse(answer.body) as { imported: number }).imported;
  const stored = await withConnection(
    database.url,
    async (db) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM dosing_visit')).rows[0].n,
  );
  if (imported !== options.rows || stored !== options.rows) {
    throw new Error(`the import answered ${imported} rows imported and stored ${stored}, not ${options.rows}`);
  }
  log(`Tongban: ${imported} rows in ${tongbanSeconds.toFixed(2)} s (${(imported / tongbanSeconds).toFixed(0)} rows/s)`);
  await tongban.stop();

  await settle(database.url);
  const busyBaseline = await waitForQuiet();
  log('baseline: COPY of the same file into a bare table');
  const baseline = await withConnection(database.url, async (db) => {
    await db.query('CREATE TABLE bench_copy_baseline (client_code text, clinic_day date, dose_mg numeric(6,1), kind text)');
    await monitor.start();
    const copyStarted = performance.now();
    const stream = db.query(copyFrom('COPY bench_copy_baseline FROM STDIN (FORMAT csv, HEADER true)'));
    await pipeline(createReadStream(file), stream);
    const seconds = (performance.now() - copyStarted) / 1000;
    const machine = await monitor.stop(-1);
    await db.query('DROP TABLE bench_copy_baseline');
    return { seconds, rows: stream.rowCount, machine };
  });
  if (baseline.rows !== options.rows) throw new Error(`COPY took ${baseline.rows} rows, not ${options.rows}`);
  log(`baseline: ${baseline.rows} rows in ${baseline.seconds.toFixed(2)} s (${(baseline.rows / baseline.seconds).toFixed(0)} rows/s)`);

  const floor = {
    bare: await copyVisits(database.url, visitsFile, 'INCLUDING DEFAULTS'),
    indexed: await copyVisits(database.url, visitsFile, 'INCLUDING ALL'),
  };
  for (const [name, run] of Object.entries(floor)) {
    if (run.rows !== options.rows)
      throw new Error(`COPY into the ${name} table like dosing_visit took ${run.rows} rows, not ${options.rows}`);
    log(`floor (${name}): ${run.rows} rows in ${run.seconds.toFixed(2)} s (${run.rowsPerSecond.toFixed(0)} rows/s)`);
  }

  return {
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: `PostgreSQL ${postgres.version} (fsync ${postgres.fsync}, synchronous_commit ${postgres.synchronousCommit}, shared_buffers ${postgres.sharedBuffers})`,
    },
    clients: options.clients,
    file: { rows: history.rows, bytes, from: history.from, until: history.until, takeHome: history.takeHome, gaps: history.gaps },
    setupSeconds,
    tongban: { seconds: tongbanSeconds, rows: imported, rowsPerSecond: imported / tongbanSeconds, machine: tongbanMachine },
    baseline: {
      seconds: baseline.seconds,
      rows: baseline.rows,
      rowsPerSecond: baseline.rows / baseline.seconds,
      machine: baseline.machine,
    },
    floor,
    busyBefore: { tongban: busyTongban, baseline: busyBaseline },
  };

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

/**
 * The history file, day by day from `from` until `rows` rows are written (at
 * the latest on `until`): each client's dose (40 to 80 mg, by client) unless
 * missed (about one day in 17, never two in a row); every 5th client takes
 * one day a week at home (a `take_home` row); every 37th client stays away
 * once for {@link GAP_DAYS} days. Written a day at a time, so the file is
 * never whole in memory.
 */
async function writeHistory(
  file: string,
  clients: BenchClient[],
  from: string,
  until: string,
  rows: number,
): Promise<{ rows: number; from: string; until: string; takeHome: number; gaps: number }> {
  const out = createWriteStream(file);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  const totalDays = Math.max(1, Math.round((Date.parse(until) - Date.parse(from)) / 86_400_000) + 1);
  const gapStart = (i: number): number => (i % 37 === 5 && totalDays > GAP_DAYS + 40 ? 20 + ((i * 13) % (totalDays - GAP_DAYS - 40)) : -1);
  let written = 0;
  let takeHome = 0;
  let last = from;
  await write('client_code,clinic_day,dose_mg,kind\n');
  for (let d = 0, day = from; day <= until && written < rows; d++, day = addDays(day, 1)) {
    let chunk = '';
    for (let i = 0; i < clients.length && written < rows; i++) {
      const gap = gapStart(i);
      if (gap >= 0 && d >= gap && d < gap + GAP_DAYS) continue;
      if ((i * 31 + d * 7) % MISSED_EVERY === 0) continue;
      const kind = i % 5 === 0 && d % 7 === 6 ? 'take_home' : 'observed';
      if (kind === 'take_home') takeHome += 1;
      chunk += `${clients[i].code},${day},${40 + (i % 9) * 5},${kind}\n`;
      written += 1;
      last = day;
    }
    await write(chunk);
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const gaps = clients.filter((_, i) => gapStart(i) >= 0 && gapStart(i) + GAP_DAYS < totalDays).length;
  return { rows: written, from, until: last, takeHome, gaps };
}

/**
 * The history file as the rows the import makes of it (`dosing_visit`'s
 * columns, COPY's text format): a take-home row becomes a dispense on the day
 * before, covering one day, as the import stores it.
 */
async function writeAsVisits(from: string, to: string, clients: BenchClient[], clinicId: string, recordedBy: string): Promise<void> {
  const ids = new Map(clients.map((c) => [c.code, c.id]));
  const out = createWriteStream(to);
  let header = true;
  for await (const line of createInterface({ input: createReadStream(from) })) {
    if (header || line === '') {
      header = false;
      continue;
    }
    const [code, day, dose, kind] = line.split(',');
    const observed = kind === 'observed';
    const text = `${ids.get(code)}\t${clinicId}\t${clinicId}\t${observed ? day : addDays(day, -1)}\t${dose}\t${kind}\t1\t${observed ? 0 : 1}\t\\N\t${recordedBy}\n`;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/**
 * Times a COPY of the rows made by {@link writeAsVisits} into a fresh table
 * `LIKE dosing_visit` (`INCLUDING DEFAULTS`: its columns and defaults only;
 * `INCLUDING ALL`: also its key, indexes and checks; never its foreign key).
 */
async function copyVisits(url: string, file: string, like: 'INCLUDING DEFAULTS' | 'INCLUDING ALL'): Promise<FloorRun> {
  await settle(url);
  return withConnection(url, async (db) => {
    await db.query(`CREATE TABLE bench_copy_floor (LIKE dosing_visit ${like})`);
    const started = performance.now();
    const stream = db.query(
      copyFrom(
        'COPY bench_copy_floor (client_id, clinic_id, dispensing_clinic_id, clinic_day, dose_mg, kind, part, covers_days, order_id, recorded_by) FROM STDIN',
      ),
    );
    await pipeline(createReadStream(file), stream);
    const seconds = (performance.now() - started) / 1000;
    await db.query('DROP TABLE bench_copy_floor');
    return { seconds, rows: stream.rowCount, rowsPerSecond: stream.rowCount / seconds };
  });
}

/** POSTs a file as text/csv, streamed from disk; the status and the answer's text. */
export function postFile(url: string, token: string, file: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': bytes },
        timeout: IMPORT_TIMEOUT_MS,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${IMPORT_TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    createReadStream(file).on('error', reject).pipe(req);
  });
}

const cpuOf = (m: MachineUse): string => `${m.server.toFixed(0)} / ${m.postgres.toFixed(0)} / ${m.load.toFixed(0)} / ${m.other.toFixed(0)}`;

function importRows(report: ImportReport): string[][] {
  const { tongban: t, baseline: b } = report;
  const share = t.rowsPerSecond / b.rowsPerSecond;
  return [
    [
      'rows/s',
      t.rowsPerSecond.toFixed(0),
      b.rowsPerSecond.toFixed(0),
      `${(share * 100).toFixed(0)}%`,
      `≥ ${IMPORT_TARGET * 100}%: ${share >= IMPORT_TARGET ? 'met' : 'NOT met'}`,
    ],
    ['seconds', t.seconds.toFixed(2), b.seconds.toFixed(2), '', ''],
    ['CPU, % of a core: Tongban / PostgreSQL / benchmark process / others', cpuOf(t.machine), cpuOf(b.machine), '', ''],
  ];
}

const HEADER = ['', 'Tongban import', 'plain COPY', 'Tongban / COPY', 'target'];

export function renderImportTable(report: ImportReport): string {
  return `${plainTable([HEADER, ...importRows(report)])}\n\n${plainTable([FLOOR_HEADER, ...floorRows(report)])}`;
}

export function renderImportMarkdown(report: ImportReport): string {
  const { machine, file } = report;
  const others = Math.max(report.tongban.machine.other, report.baseline.machine.other);
  return [
    `### Importing 1,000,000 rows of dosing history, ${report.date}`,
    '',
    `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.postgres} on the same machine.`,
    `File: ${file.rows} rows (${(file.bytes / 2 ** 20).toFixed(1)} MiB) for ${report.clients} clients of one clinic, ${file.from} to ${file.until}, ` +
      `${file.takeHome} of them take-home, ${file.gaps} drop-out gaps (episodes ended and restarted by the import).`,
    'Tongban: `POST /api/v1/imports/dosing-history` as the coordinator, the file streamed from disk, timed from the first byte sent to the answer (200, all rows imported). ' +
      'Plain COPY: `COPY ... FROM STDIN (FORMAT csv, HEADER true)` of the same file through `pg-copy-streams` into a bare table (no key, index or constraint) of the same database.',
    '',
    markdownTable([HEADER, ...importRows(report)]),
    '',
    `Busy just before: ${report.busyBefore.tongban.toFixed(0)}% of a core (Tongban), ${report.busyBefore.baseline.toFixed(0)}% (COPY).` +
      (others > 20 ? ' **Other work took more than a fifth of a core during a run: these figures are disturbed.**' : ''),
    '',
    "What the target allows: the same rows, already turned into `dosing_visit`'s columns (not timed), COPYed from a file into a fresh table `LIKE dosing_visit`:",
    '',
    markdownTable([FLOOR_HEADER, ...floorRows(report)]),
  ].join('\n');
}

const FLOOR_HEADER = ['the same rows COPYed into', 'seconds', 'rows/s', "share of the plain COPY's rows/s"];

function floorRows(report: ImportReport): string[][] {
  const row = (what: string, run: FloorRun): string[] => [
    what,
    run.seconds.toFixed(2),
    run.rowsPerSecond.toFixed(0),
    `${((run.rowsPerSecond / report.baseline.rowsPerSecond) * 100).toFixed(0)}%`,
  ];
  return [
    row('a table like dosing_visit: its columns and defaults; no key, index, check or foreign key', report.floor.bare),
    row('a table like dosing_visit with its key, indexes and checks; no foreign key', report.floor.indexed),
  ];
}
