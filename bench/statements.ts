import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BACKDATE_DAYS, DOSE_MG, generateClinic } from './generate';
import { Cleanup } from './support/cleanup';
import { addDays } from './support/days';
import { API_MAIN, freePort, prepareTongban, startServer } from './support/servers';
import { TongbanApi } from './support/tongban-api';

/** The preload that logs Tongban's statements, compiled next to this file (npm run bench). */
const STATEMENT_LOG_MAIN = join(process.cwd(), 'dist-bench/bench/support/statement-log.js');
const CLIENTS = 100;
const DOSES = 10;

export interface StatementsOptions {
  serverUrl: string;
  log: (line: string) => void;
}

export interface StatementsReport {
  /** Statements Tongban sent to PostgreSQL for each measured dose. */
  perDose: number[];
  /** Those of the first measured dose, in order. */
  first: string[];
}

/**
 * Counts the statements (round trips to PostgreSQL) Tongban sends for one
 * `POST /clients/:id/doses` as the nurse: Tongban runs with a preload that
 * logs every statement passed to `pg`, and the doses are sent one at a time
 * to an otherwise idle process, so the lines between two answers are the
 * statements of one dose.
 */
export async function runStatementsBenchmark(options: StatementsOptions, cleanup: Cleanup): Promise<StatementsReport> {
  const { log } = options;
  const { dataDir, adminPassword, env } = await prepareTongban(options.serverUrl, cleanup, log, (dir) => ({
    BENCH_STATEMENT_LOG: join(dir, 'statements.log'),
  }));
  const statementLog = join(dataDir, 'statements.log');
  const tongban = await startServer('Tongban', API_MAIN, await freePort(), env, ['--require', STATEMENT_LOG_MAIN]);
  cleanup.add('stop Tongban', tongban.stop);
  const api = new TongbanApi(tongban.base);
  const clinic = await generateClinic(api, { clients: CLIENTS, adminPassword, log });
  const nurse = await api.login(clinic.usernames.nurse, clinic.staffPassword);
  const day = addDays(clinic.today, -BACKDATE_DAYS);
  const dose = (index: number): Promise<unknown> =>
    api.post(nurse, `/clients/${clinic.clients[index].id}/doses`, { doseMg: DOSE_MG, kind: 'observed', clinicDay: day });

  // One dose first: the first request of a process may prepare what later ones reuse.
  await dose(DOSES);
  const perDose: number[] = [];
  let first: string[] = [];
  for (let index = 0; index < DOSES; index++) {
    const offset = statSync(statementLog).size;
    await dose(index);
    const lines = readFileSync(statementLog, 'utf8')
      .slice(offset)
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as string);
    perDose.push(lines.length);
    if (index === 0) first = lines;
  }
  await tongban.stop();
  log(`statements per dose: ${perDose.join(', ')}`);
  return { perDose, first };
}

export function renderStatements(report: StatementsReport): string {
  const short = (text: string): string => (text.length > 160 ? `${text.slice(0, 157)}...` : text);
  return [
    `Statements per observed dose (${report.perDose.length} doses, one at a time): ${report.perDose.join(', ')}`,
    '',
    'Those of the first, in order:',
    ...report.first.map((text, index) => `${String(index + 1).padStart(3)}. ${short(text)}`),
  ].join('\n');
}
