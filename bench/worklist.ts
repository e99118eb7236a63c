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
 * The baseline: the coordinator's worklist as one hand-written statement
 * through plain `pg`, without HTTP, the access policy or the audit trail, by
 * the same rules as Tongban's sources: clients in treatment with no
 * counselor, due from the later of their intake and the clinic day of their
 * registration (product.md, "Daily work"); consents whose renewal is due and
 * not yet given; reminders failed in the last 14 days. The clinic of the
 * benchmark has no care plans, guest dosing or transfers, the coordinator's
 * other kinds, and the statement does not read them.
 */
const BASELINE_SQL = `
SELECT 'unassigned_client' AS kind, c.id AS client_id, c.code,
       GREATEST(e.start_date, (c.created_at AT TIME ZONE k.time_zone)::date)::text AS due_on
  FROM client c JOIN clinic k ON k.id = c.clinic_id
  JOIN treatment_episode e ON e.client_id = c.id AND e.end_date IS NULL
 WHERE c.clinic_id = $1 AND c.status = 'active'
   AND NOT EXISTS (SELECT 1 FROM care_team_member m WHERE m.client_id = c.id AND m.role = 'counselor')
UNION ALL
SELECT 'consent_expiring', c.id, c.code, cs.valid_until::text
  FROM consent cs JOIN client c ON c.id = cs.client_id
 WHERE c.clinic_id = $1 AND c.status = 'active' AND cs.revoked_at IS NULL
   AND cs.valid_until BETWEEN $2::date AND $2::date + 7 AND cs.valid_from <= $2::date
   AND NOT EXISTS (SELECT 1 FROM consent n WHERE n.client_id = cs.client_id AND n.scope = cs.scope AND n.id <> cs.id
                      AND n.revoked_at IS NULL AND n.valid_from <= cs.valid_until + 1
                      AND (n.valid_until IS NULL OR n.valid_until > cs.valid_until))
UNION ALL
SELECT 'reminder_failed', r.client_id, c.code, (r.scheduled_for AT TIME ZONE 'Asia/Shanghai')::date::text
  FROM reminder r LEFT JOIN client c ON c.id = r.client_id
 WHERE r.clinic_id = $1 AND r.status = 'failed'
   AND (r.scheduled_for AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date - 14 AND $2::date
 ORDER BY due_on, kind, code`;

/** An item as both sides list it: what is due, on whom, from when. */
const itemKey = (kind: string, clientId: string | null, dueOn: string): string => `${kind} ${clientId ?? '-'} ${dueOn}`;

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

  const first = await api.get<{ items: Array<{ kind: string; clientId: string | null; dueOn: string }> }>(coordinator, '/worklist');
  if (first.items.length < options.clients) {
    throw new Error(`GET /worklist listed ${first.items.length} items, fewer than the ${options.clients} clients without a counselor`);
  }
  const pg = new Client({ connectionString: database.url });
  await pg.connect();
  cleanup.add('close the baseline connection', () => pg.end());
  const params = [clinic.clinicId, clinic.today];
  const rows = await pg.query<{ kind: string; client_id: string | null; due_on: string }>(BASELINE_SQL, params);
  // The same list on both sides, item for item (the order within a day may differ: Tongban's kinds go in its own order).
  const listed = first.items.map((item) => itemKey(item.kind, item.clientId, item.dueOn)).sort();
  const baselineListed = rows.rows.map((row) => itemKey(row.kind, row.client_id, row.due_on)).sort();
  const differing = listed.filter((key, index) => key !== baselineListed[index]);
  if (baselineListed.length !== listed.length || differing.length > 0) {
    throw new Error(
      `the baseline listed ${baselineListed.length} items, Tongban ${listed.length}; first difference: ${differing[0] ?? '(in length)'}`,
    );
  }
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
