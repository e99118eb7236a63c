import { Client } from 'pg';
import { generateClinic } from './generate';
import { Cleanup } from './support/cleanup';
import { settle } from './support/database';
import { API_MAIN, freePort, prepareTongban, startServer, StartedServer } from './support/servers';
import { TongbanApi } from './support/tongban-api';
import { Latencies, latencies, timedPairs } from './support/pairs';

export interface WorklistOptions {
  /** The PostgreSQL server: a database is created on it for the run and dropped afterwards. */
  serverUrl: string;
  /** Active clients of the clinic (1,400: the largest clinic of China's programme, stack-notes.md). */
  clients: number;
  /** Reads measured, each paired with a run of the baseline statement (after as many unmeasured warm-up pairs). */
  reads: number;
  log: (line: string) => void;
}

export interface WorklistReport {
  date: string;
  options: Pick<WorklistOptions, 'clients' | 'reads'>;
  items: number;
  tongban: Latencies;
  baseline: Latencies;
  /** Tongban's p50 over the baseline's: the target is at most 2. */
  ratio: number;
}

/**
 * The baseline: the coordinator's worklist (clients in treatment with no
 * counselor, consents whose renewal is due, reminders failed in the last 14
 * days) as one hand-written statement through plain `pg`, without HTTP, the
 * access policy or the audit trail.
 */
const BASELINE_SQL = `
SELECT 'unassigned_client' AS kind, c.id AS client_id, c.code, e.start_date::text AS due_on
  FROM client c JOIN treatment_episode e ON e.client_id = c.id AND e.end_date IS NULL
 WHERE c.clinic_id = $1 AND c.status = 'active'
   AND NOT EXISTS (SELECT 1 FROM care_team_member m WHERE m.client_id = c.id AND m.role = 'counselor')
UNION ALL
SELECT 'consent_expiring', c.id, c.code, cs.valid_until::text
  FROM consent cs JOIN client c ON c.id = cs.client_id
 WHERE c.clinic_id = $1 AND c.status = 'active' AND cs.revoked_at IS NULL
   AND cs.valid_until BETWEEN $2::date AND $2::date + 7 AND cs.valid_from <= $2::date
UNION ALL
SELECT 'reminder_failed', r.client_id, c.code, (r.scheduled_for AT TIME ZONE 'Asia/Shanghai')::date::text
  FROM reminder r LEFT JOIN client c ON c.id = r.client_id
 WHERE r.clinic_id = $1 AND r.status = 'failed'
   AND (r.scheduled_for AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date - 14 AND $2::date
 ORDER BY due_on, kind, code`;

/**
 * `GET /worklist` for a clinic of `clients` clients in treatment (none with a
 * counselor yet: every one is on the coordinator's list), as the coordinator
 * reads it, against the baseline statement: `reads` pairs of a read and a run
 * of the statement, one after another, after as many warm-up pairs
 * (`timedPairs`); p50, p95 and mean latency.
 */
export async function runWorklistBenchmark(options: WorklistOptions, cleanup: Cleanup): Promise<WorklistReport> {
  const { log } = options;
  const { database, adminPassword, env } = await prepareTongban(options.serverUrl, cleanup, log);
  const start = async (): Promise<StartedServer> => {
    const server = await startServer('Tongban', API_MAIN, await freePort(), env);
    cleanup.add('stop Tongban', server.stop);
    return server;
  };
  let tongban = await start();
  log(`Tongban is ready at ${tongban.base}; generating a clinic of ${options.clients} clients`);
  const clinic = await generateClinic(new TongbanApi(tongban.base), { clients: options.clients, adminPassword, log });
  await tongban.stop();
  // Drug tests fall due on days the server draws from a keyed hash, which no SQL statement can list: this clinic
  // draws none, so both sides list the same items.
  const setup = new Client({ connectionString: database.url });
  await setup.connect();
  await setup.query('UPDATE clinic SET drug_tests_per_month = 0 WHERE id = $1', [clinic.clinicId]);
  await setup.end();
  tongban = await start();
  const api = new TongbanApi(tongban.base);
  const coordinator = await api.login(clinic.usernames.coordinator, clinic.staffPassword);
  await settle(database.url);

  const first = await api.get<{ items: unknown[] }>(coordinator, '/worklist');
  if (first.items.length < options.clients) {
    throw new Error(`GET /worklist listed ${first.items.length} items, fewer than the ${options.clients} clients without a counselor`);
  }
  const pg = new Client({ connectionString: database.url });
  await pg.connect();
  cleanup.add('close the baseline connection', () => pg.end());
  const params = [clinic.clinicId, clinic.today];
  const rows = await pg.query(BASELINE_SQL, params);
  if (rows.rowCount !== first.items.length) throw new Error(`the baseline listed ${rows.rowCount} items, Tongban ${first.items.length}`);
  log(
    `${options.reads} warm-up and ${options.reads} measured pairs: a read of GET /api/v1/worklist (${first.items.length} items) and a run of the baseline statement`,
  );
  const [tongbanTimes, baselineTimes] = await timedPairs(
    options.reads,
    () => api.get(coordinator, '/worklist'),
    () => pg.query(BASELINE_SQL, params),
  );
  await tongban.stop();
  await pg.end();

  const tongbanFigures = latencies(tongbanTimes);
  const baselineFigures = latencies(baselineTimes);
  return {
    date: new Date().toISOString().slice(0, 10),
    options: { clients: options.clients, reads: options.reads },
    items: first.items.length,
    tongban: tongbanFigures,
    baseline: baselineFigures,
    ratio: tongbanFigures.p50 / baselineFigures.p50,
  };
}

export function renderWorklistMarkdown(report: WorklistReport): string {
  const row = (name: string, l: Latencies): string => `| ${name} | ${l.p50.toFixed(1)} | ${l.p95.toFixed(1)} | ${l.mean.toFixed(1)} |`;
  return [
    `${report.date}: a clinic of ${report.options.clients} clients in treatment, the coordinator's worklist of ${report.items} items, ${report.options.reads} reads one after another, each paired with a run of the baseline statement.`,
    '',
    '| | p50 (ms) | p95 (ms) | mean (ms) |',
    '| --- | ---: | ---: | ---: |',
    row('Tongban `GET /worklist`', report.tongban),
    row('baseline (one SQL statement, plain `pg`)', report.baseline),
    '',
    `Tongban's p50 is ${report.ratio.toFixed(2)}× the baseline's (target: at most 2×).`,
  ].join('\n');
}
