import { addDays, todayIn } from './support/days';
import { forEachLimited, Session, TongbanApi } from './support/tongban-api';

export const CLINIC_TIME_ZONE = 'Asia/Shanghai';
/** Every client came in this many days ago (their first episode starts then). */
export const INTAKE_DAYS_AGO = 60;
/** How far back Tongban accepts a dose (BACKDATE_DAYS of the record-dose use case). */
export const BACKDATE_DAYS = 7;
/** Close to the national mean dose (stack-notes.md: 58.6 mg). */
export const DOSE_MG = 60;

const API_CONCURRENCY = 16;
const API_DEADLINE_MS = 5 * 60_000;
const IMPORT_TIMEOUT_MS = 5 * 60_000;
export const STAFF_PASSWORD = 'bench-password-2026';

const FAMILY_NAMES = '王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗'.split(' ');
const GIVEN_NAMES = '伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞'.split(' ');

export interface BenchClient {
  id: string;
  code: string;
}

export interface GeneratedClinic {
  clinicId: string;
  timeZone: string;
  /** The clinic day the data was made for: the benchmark must run on the same day. */
  today: string;
  intakeDate: string;
  /** The last day of the dosing history: every client was dosed on it. */
  historyUntil: string;
  nurse: Session;
  usernames: { coordinator: string; nurse: string };
  staffPassword: string;
  clients: BenchClient[];
  historyVisits: number;
  seconds: { api: number; history: number };
}

export interface GenerateOptions {
  clients: number;
  adminPassword: string;
  log: (line: string) => void;
}

/**
 * A clinic of realistic size, made through Tongban's API: the clinic, a
 * coordinator, a physician and a nurse; `clients` clients registered by the
 * coordinator with intake {@link INTAKE_DAYS_AGO} days ago; a
 * {@link DOSE_MG} mg order for each, written by the physician, in force from
 * intake, after their dosing history, imported by the coordinator as a clinic
 * moving from paper would (`POST /imports/dosing-history`): an observed dose
 * on about 92% of the days from intake until 8 days ago, never two days
 * missed in a row, always the last one. (Without a history, a client who
 * came in 60 days ago would have dropped out.) That leaves the last 8 clinic
 * days, today and 7 back, free for the benchmark.
 */
export async function generateClinic(api: TongbanApi, options: GenerateOptions): Promise<GeneratedClinic> {
  const started = Date.now();
  const today = todayIn(CLINIC_TIME_ZONE);
  const intakeDate = addDays(today, -INTAKE_DAYS_AGO);
  const historyUntil = addDays(today, -(BACKDATE_DAYS + 1));

  const admin = await api.login('admin', options.adminPassword);
  const clinic = await api.post<{ id: string }>(admin, '/clinics', { code: 'BENCH', name: 'Benchmark clinic', timeZone: CLINIC_TIME_ZONE });
  const staff = async (role: string, displayName: string): Promise<Session & { username: string }> => {
    const username = `bench.${role}`;
    await api.post(admin, '/staff', { username, password: STAFF_PASSWORD, displayName, role, clinicId: clinic.id });
    return { ...(await api.login(username, STAFF_PASSWORD)), username };
  };
  const coordinator = await staff('coordinator', '陈协调员');
  const physician = await staff('physician', '林医生');
  const nurse = await staff('nurse', '周护士');

  const clients: BenchClient[] = new Array<BenchClient>(options.clients);
  await forEachLimited(range(options.clients), API_CONCURRENCY, API_DEADLINE_MS, async (i) => {
    const { id, code } = await api.post<BenchClient>(coordinator, '/clients', clientOf(i, intakeDate));
    clients[i] = { id, code };
  });
  const registerSeconds = seconds(started);
  options.log(`registered ${options.clients} clients in ${registerSeconds} s`);

  // The history first, as a clinic moving from paper would: a client read with a past intake and no record yet has dropped out.
  const importStarted = Date.now();
  const { csv, rows } = historyCsv(clients, intakeDate, historyUntil);
  const imported = await api.postCsv<{ imported: number }>(coordinator, '/imports/dosing-history', csv, IMPORT_TIMEOUT_MS);
  if (imported.imported !== rows) throw new Error(`imported ${imported.imported} of ${rows} history rows`);
  const importSeconds = seconds(importStarted);
  options.log(`imported ${rows} doses of history (${intakeDate} to ${historyUntil}) in ${importSeconds} s`);

  const ordersStarted = Date.now();
  await forEachLimited(clients, API_CONCURRENCY, API_DEADLINE_MS, async (client) => {
    await api.post(physician, `/clients/${client.id}/dose-orders`, { doseMg: DOSE_MG, effectiveDate: intakeDate });
  });
  const apiSeconds = Math.round((registerSeconds + seconds(ordersStarted)) * 10) / 10;
  options.log(`wrote ${options.clients} dose orders; ${apiSeconds} s of API calls so far`);

  return {
    clinicId: clinic.id,
    timeZone: CLINIC_TIME_ZONE,
    today,
    intakeDate,
    historyUntil,
    nurse,
    usernames: { coordinator: coordinator.username, nurse: nurse.username },
    staffPassword: STAFF_PASSWORD,
    clients,
    historyVisits: rows,
    seconds: { api: apiSeconds, history: importSeconds },
  };
}

/** The history file: day by day, each client's observed dose unless missed (about 1 day in 13, never 2 in a row, never the last). */
function historyCsv(clients: BenchClient[], from: string, until: string): { csv: string; rows: number } {
  const lines = ['client_code,clinic_day,dose_mg,kind'];
  const missedYesterday = new Array<boolean>(clients.length).fill(false);
  for (let day = from, d = 0; day <= until && d < 400; day = addDays(day, 1), d++) {
    for (const [i, client] of clients.entries()) {
      const missed = day < until && !missedYesterday[i] && (i * 31 + d * 17) % 13 === 0;
      missedYesterday[i] = missed;
      if (!missed) lines.push(`${client.code},${day},${DOSE_MG},observed`);
    }
  }
  return { csv: `${lines.join('\n')}\n`, rows: lines.length - 1 };
}

export function clientOf(i: number, intakeDate: string): Record<string, string> {
  const year = 1962 + (i % 34);
  const month = String(1 + (i % 12)).padStart(2, '0');
  const day = String(1 + (i % 28)).padStart(2, '0');
  return {
    givenName: GIVEN_NAMES[(i * 7) % GIVEN_NAMES.length],
    familyName: FAMILY_NAMES[i % FAMILY_NAMES.length],
    dateOfBirth: `${year}-${month}-${day}`,
    sex: i % 7 === 0 ? 'female' : 'male',
    phone: `+86 139 ${String(10_000_000 + i).slice(-8)}`,
    nationalId: `530102${year}${month}${day}${String(i).padStart(6, '0')}`,
    intakeDate,
  };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function seconds(since: number): number {
  return Math.round((Date.now() - since) / 100) / 10;
}
