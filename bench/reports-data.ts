/**
 * The province of the `reports` benchmark, written with COPY straight into
 * Tongban's (migrated) tables: clinics, staff, clients, treatment episodes,
 * dosing visits, peer groups with meetings and attendance, family contacts
 * and interactions. Clinics are added in batches, so the data set grows
 * without being made again. Everything is derived from the clinic and client
 * numbers by a fixed hash, so a run is reproducible; nothing is held in
 * memory beyond the plans of one batch's clients (their episodes).
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { addDays } from './support/days';

/** Days of history: five years up to yesterday (the day of the run has no doses yet). */
export const HISTORY_DAYS = 5 * 365 + 1;
export const CLIENTS_PER_CLINIC = 200;
export const DROPOUT_DAYS = 30;
const GROUPS_PER_CLINIC = 4;
const CHUNK_CHARS = 1 << 16;

export interface EpisodePlan {
  start: number;
  /** The last day with a dose (the recorded end of a closed episode). */
  lastDose: number;
  endReason: 'dropout' | 'completed' | 'transferred' | 'deceased' | 'other' | null;
}

interface ClientPlan {
  index: number;
  id: string;
  clinicIndex: number;
  episodes: EpisodePlan[];
  status: string;
  takeHome: boolean;
  dose: number;
  peer: boolean;
  family: boolean;
}

export interface LoadedBatch {
  clinics: number;
  clients: number;
  episodes: number;
  dosingVisits: number;
  attendance: number;
  interactions: number;
  seconds: number;
}

/** Deterministic ids: valid UUIDs, one range per table, ascending as a sequence would be. */
function uuid(table: number, n: number): string {
  return `${table.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
export const clinicId = (clinic: number): string => uuid(0xc1, clinic);
const clientId = (client: number): string => uuid(0xc2, client);
const staffId = (clinic: number, k: number): string => uuid(0xc3, clinic * 4 + k);
const groupId = (clinic: number, g: number): string => uuid(0xc4, clinic * GROUPS_PER_CLINIC + g);
const meetingId = (clinic: number, g: number, week: number): string => uuid(0xc5, (clinic * GROUPS_PER_CLINIC + g) * 1000 + week);
const contactId = (client: number): string => uuid(0xc6, client);
export const clinicCode = (clinic: number): string => `P${String(clinic + 1).padStart(3, '0')}`;

/** A number in [0, 1) fixed by its arguments. */
function hash(a: number, b: number, c = 0): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(c + 0x27d4eb2f, 0x165667b1);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Something that looks like FieldCipher's output (v1.key.iv.tag.ciphertext), never to be opened. */
function sealed(bytes: number): string {
  const part = (n: number): string => randomBytes(n).toString('base64url');
  return `v1.bench.${part(12)}.${part(16)}.${part(bytes)}`;
}

/**
 * A client's treatment history over the days 0..today (day `today` is the
 * run's). Intake anywhere in the first years (earlier more likely); each
 * episode lasts a month to a few years; about 60% end in drop-out (no dose
 * for 31 days or more, most come back later), the others in discharge,
 * transfer or death, or are still open; a few open episodes have seen no
 * dose for over 30 days (a drop-out no one has read yet).
 */
function planClient(index: number, clinicIndex: number, today: number): ClientPlan {
  const r = (k: number): number => hash(index, 7919, k);
  let k = 0;
  const episodes: EpisodePlan[] = [];
  let status = 'active';
  // Three quarters of the caseload was in treatment when the records begin; the rest came in over the years.
  let t = r(k++) < 0.75 ? Math.floor(r(k++) * 60) : Math.floor(Math.pow(r(k++), 1.2) * (today - 200));
  for (;;) {
    const length = 30 + Math.floor(-Math.log(1 - r(k++)) * 1600);
    const end = t + length;
    if (end >= today - 1) {
      const unread = r(k++) < 0.04 && today - 40 - t > 20;
      const lastDose = unread ? today - 32 - Math.floor(r(k++) * Math.min(200, today - 40 - t)) : today - 1;
      episodes.push({ start: t, lastDose, endReason: null });
      status = 'active';
      break;
    }
    const u = r(k++);
    if (u < 0.6) {
      episodes.push({ start: t, lastDose: end, endReason: 'dropout' });
      const next = end + DROPOUT_DAYS + 2 + Math.floor(-Math.log(1 - r(k++)) * 45);
      if (r(k++) < 0.85 && next < today - 2) {
        t = next;
        continue;
      }
      status = 'dropped_out';
      break;
    }
    const reason = u < 0.8 ? 'completed' : u < 0.9 ? 'transferred' : u < 0.95 ? 'deceased' : 'other';
    episodes.push({ start: t, lastDose: end, endReason: reason });
    status = reason === 'transferred' ? 'transferred' : reason === 'deceased' ? 'deceased' : 'discharged';
    break;
  }
  return {
    index,
    id: clientId(index),
    clinicIndex,
    episodes,
    status,
    takeHome: index % 5 === 0,
    dose: 40 + 5 * Math.floor(r(99) * 13),
    peer: r(98) < 0.4,
    family: r(97) < 0.5,
  };
}

/** Whether the client misses day `d` of an episode (never its first or last day): ~5% single days, some trips of 3–10 days. */
function missed(client: number, d: number, episode: EpisodePlan): boolean {
  if (d === episode.start || d === episode.lastDose) return false;
  if (hash(client, d, 1) < 0.05) return true;
  const block = Math.floor(d / 45);
  if (hash(client, block, 2) < 0.1) {
    const from = block * 45 + 10;
    return d >= from && d < from + 3 + Math.floor(hash(client, block, 3) * 8);
  }
  return false;
}

/** Chunks of COPY text from an iterator of lines. */
function* chunks(lines: Iterable<string>): Generator<string> {
  let buffer = '';
  for (const line of lines) {
    buffer += line;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

async function copy(db: Client, table: string, columns: string, lines: Iterable<string>): Promise<number> {
  let count = 0;
  const counted = function* (): Generator<string> {
    for (const line of lines) {
      count++;
      yield line;
    }
  };
  await pipeline(Readable.from(chunks(counted())), db.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`)));
  return count;
}

/**
 * Adds clinics `fromClinic` .. `toClinic - 1` (with their clients, counted on
 * from `fromClinic * CLIENTS_PER_CLINIC`) to the database. `firstDay` is day
 * 0 of the history, `today` the run's day (HISTORY_DAYS after day 0).
 */
export async function loadClinics(
  db: Client,
  firstDay: string,
  fromClinic: number,
  toClinic: number,
  log: (line: string) => void,
): Promise<LoadedBatch> {
  const started = Date.now();
  const today = HISTORY_DAYS;
  const dates = Array.from({ length: today + 1 }, (_, d) => addDays(firstDay, d));
  // Day 0's weekday (0 = Sunday): take-homes are handed over on Saturdays for the Sunday.
  const weekday0 = new Date(`${firstDay}T00:00:00Z`).getUTCDay();
  const weekday = (d: number): number => (weekday0 + d) % 7;
  const clinics = Array.from({ length: toClinic - fromClinic }, (_, i) => fromClinic + i);
  const plans: ClientPlan[] = [];
  for (const c of clinics) {
    for (let i = 0; i < CLIENTS_PER_CLINIC; i++) plans.push(planClient(c * CLIENTS_PER_CLINIC + i, c, today));
  }
  const batch: LoadedBatch = {
    clinics: clinics.length,
    clients: plans.length,
    episodes: 0,
    dosingVisits: 0,
    attendance: 0,
    interactions: 0,
    seconds: 0,
  };
  const nurse = (c: number): string => staffId(c, 0);

  // Consistent rows, written in dependency order: the foreign keys need not be checked row by row.
  await db.query(`SET session_replication_role = replica`);
  try {
    await copy(
      db,
      'clinic',
      'id, code, name, time_zone, dropout_days',
      clinics.map((c) => `${clinicId(c)}\t${clinicCode(c)}\t美沙酮维持治疗门诊 ${clinicCode(c)}\tAsia/Shanghai\t${DROPOUT_DAYS}\n`),
    );
    await copy(
      db,
      'staff',
      'id, username, password_hash, display_name, role, clinic_id, active',
      clinics.flatMap((c) => [
        `${staffId(c, 0)}\t${clinicCode(c).toLowerCase()}.nurse\t!\t护士 ${clinicCode(c)}\tnurse\t${clinicId(c)}\tf\n`,
        `${staffId(c, 1)}\t${clinicCode(c).toLowerCase()}.peer\t!\t同伴 ${clinicCode(c)}\tpeer_leader\t${clinicId(c)}\tf\n`,
      ]),
    );
    await copy(
      db,
      'client_code_counter',
      'clinic_id, last',
      clinics.map((c) => `${clinicId(c)}\t${CLIENTS_PER_CLINIC}\n`),
    );
    await copy(
      db,
      'client',
      'id, clinic_id, code, given_name, family_name, date_of_birth, sex, phone, national_id, national_id_hash, status, created_by, created_at',
      (function* () {
        for (const p of plans) {
          const code = `${clinicCode(p.clinicIndex)}-${String((p.index % CLIENTS_PER_CLINIC) + 1).padStart(6, '0')}`;
          const idHash = randomBytes(32).toString('hex');
          yield `${p.id}\t${clinicId(p.clinicIndex)}\t${code}\t${sealed(6)}\t${sealed(3)}\t${sealed(10)}\t${p.index % 7 === 0 ? 'female' : 'male'}\t${sealed(16)}\t${sealed(18)}\t${idHash}\t${p.status}\t${nurse(p.clinicIndex)}\t${dates[p.episodes[0].start]} 09:00+08\n`;
        }
      })(),
    );
    batch.episodes = await copy(
      db,
      'treatment_episode',
      'client_id, clinic_id, start_date, end_date, end_reason',
      (function* () {
        for (const p of plans) {
          for (const e of p.episodes) {
            const end = e.endReason === null ? '\\N\t\\N' : `${dates[e.lastDose]}\t${e.endReason}`;
            yield `${p.id}\t${clinicId(p.clinicIndex)}\t${dates[e.start]}\t${end}\n`;
          }
        }
      })(),
    );

    // Peer groups: four per clinic, meeting weekly (each on its own weekday) for the five years.
    await copy(
      db,
      'peer_group',
      'id, clinic_id, name, meeting_day, meeting_time, location, created_by, created_at',
      clinics.flatMap((c) =>
        Array.from(
          { length: GROUPS_PER_CLINIC },
          (_, g) =>
            `${groupId(c, g)}\t${clinicId(c)}\t同伴小组 ${g + 1}\t${['monday', 'tuesday', 'wednesday', 'thursday'][g]}\t15:00\t活动室\t${nurse(c)}\t${dates[0]} 09:00+08\n`,
        ),
      ),
    );
    await copy(
      db,
      'peer_group_leader',
      'group_id, staff_id',
      clinics.flatMap((c) => Array.from({ length: GROUPS_PER_CLINIC }, (_, g) => `${groupId(c, g)}\t${staffId(c, 1)}\n`)),
    );
    const meetingDay = (g: number, week: number): number => week * 7 + ((1 + g - weekday0 + 7) % 7);
    const weeks = Math.floor((today - 7) / 7);
    await copy(
      db,
      'peer_meeting',
      'id, group_id, clinic_id, date, starts_at, topic, created_by',
      (function* () {
        for (const c of clinics) {
          for (let g = 0; g < GROUPS_PER_CLINIC; g++) {
            for (let w = 0; w < weeks; w++)
              yield `${meetingId(c, g, w)}\t${groupId(c, g)}\t${clinicId(c)}\t${dates[meetingDay(g, w)]}\t15:00\t${sealed(20)}\t${staffId(c, 1)}\n`;
          }
        }
      })(),
    );
    await copy(
      db,
      'peer_group_member',
      'group_id, client_id, joined_at, added_by, left_at, removed_by',
      (function* () {
        for (const p of plans.filter((q) => q.peer)) {
          const first = p.episodes[0];
          const last = p.episodes[p.episodes.length - 1];
          const left = last.endReason === null ? '\\N\t\\N' : `${dates[last.lastDose]} 16:00+08\t${staffId(p.clinicIndex, 1)}`;
          yield `${groupId(p.clinicIndex, p.index % GROUPS_PER_CLINIC)}\t${p.id}\t${dates[first.start]} 16:00+08\t${staffId(p.clinicIndex, 1)}\t${left}\n`;
        }
      })(),
    );
    // Members attend their group's meetings while in treatment: 70% present, 20% absent, 10% excused.
    batch.attendance = await copy(
      db,
      'peer_attendance',
      'meeting_id, client_id, clinic_id, meeting_date, status, recorded_by',
      (function* () {
        for (const p of plans.filter((q) => q.peer)) {
          const g = p.index % GROUPS_PER_CLINIC;
          for (const e of p.episodes) {
            // Some join only after a few weeks.
            const joinAfter = Math.floor(hash(p.index, e.start, 4) * 150);
            for (let w = 0; w < weeks; w++) {
              const day = meetingDay(g, w);
              if (day < e.start + joinAfter || day > e.lastDose) continue;
              const u = hash(p.index, day, 5);
              const status = u < 0.7 ? 'present' : u < 0.9 ? 'absent' : 'excused';
              yield `${meetingId(p.clinicIndex, g, w)}\t${p.id}\t${clinicId(p.clinicIndex)}\t${dates[day]}\t${status}\t${staffId(p.clinicIndex, 1)}\n`;
            }
          }
        }
      })(),
    );
    // Family: half the clients name a relative; with most of them the clinic talks about monthly while in treatment.
    await copy(
      db,
      'family_contact',
      'id, client_id, clinic_id, name, relationship, phone, may_contact, lives_with_client, notes, created_by, created_at',
      (function* () {
        for (const p of plans.filter((q) => q.family)) {
          yield `${contactId(p.index)}\t${p.id}\t${clinicId(p.clinicIndex)}\t${sealed(6)}\t${sealed(4)}\t${sealed(16)}\tt\t${p.index % 3 === 0 ? 't' : 'f'}\t\\N\t${nurse(p.clinicIndex)}\t${dates[p.episodes[0].start]} 10:00+08\n`;
        }
      })(),
    );
    batch.interactions = await copy(
      db,
      'family_interaction',
      'family_contact_id, client_id, clinic_id, date, channel, summary, recorded_by',
      (function* () {
        const channels = ['phone', 'visit', 'family_session', 'message'];
        for (const p of plans.filter((q) => q.family && hash(q.index, 0, 6) < 0.7)) {
          for (const e of p.episodes) {
            for (
              let d = e.start + Math.floor(hash(p.index, e.start, 7) * 120);
              d <= e.lastDose;
              d += 20 + Math.floor(hash(p.index, d, 8) * 25)
            ) {
              yield `${contactId(p.index)}\t${p.id}\t${clinicId(p.clinicIndex)}\t${dates[d]}\t${channels[Math.floor(hash(p.index, d, 9) * 4)]}\t${sealed(30)}\t${nurse(p.clinicIndex)}\n`;
            }
          }
        }
      })(),
    );
    log(
      `  ${clinics.length} clinics, ${plans.length} clients, ${batch.episodes} episodes, ${batch.attendance} attendance records, ${batch.interactions} family interactions`,
    );

    // Dosing, day by day as the clinics record it (so a clinic's rows lie among the other clinics' on disk):
    // an observed dose on each day of an episode unless missed; every 5th client takes Sunday's dose home on Saturday.
    let visitSeq = fromClinic * 400_000_000;
    batch.dosingVisits = await copy(
      db,
      'dosing_visit',
      'id, client_id, clinic_id, dispensing_clinic_id, clinic_day, dose_mg, kind, part, covers_days, recorded_by, recorded_at',
      (function* () {
        const cursor = new Int32Array(plans.length);
        const clinicIds = plans.map((p) => clinicId(p.clinicIndex));
        const nurses = plans.map((p) => nurse(p.clinicIndex));
        for (let d = 0; d < today; d++) {
          const date = dates[d];
          const wd = weekday(d);
          for (let i = 0; i < plans.length; i++) {
            const p = plans[i];
            let k = cursor[i];
            while (k < p.episodes.length && p.episodes[k].lastDose < d) k++;
            cursor[i] = k;
            if (k === p.episodes.length) continue;
            const e = p.episodes[k];
            if (d < e.start || missed(p.index, d, e)) continue;
            let kind = 'observed';
            let covers = 0;
            if (p.takeHome && d > e.start) {
              if (wd === 6 && d + 1 < e.lastDose) {
                kind = 'take_home';
                covers = 1;
              } else if (wd === 0 && d - 1 > e.start && d < e.lastDose && !missed(p.index, d - 1, e)) continue;
            }
            yield `${uuid(0xd0, visitSeq++)}\t${p.id}\t${clinicIds[i]}\t${clinicIds[i]}\t${date}\t${p.dose}\t${kind}\t1\t${covers}\t${nurses[i]}\t${date} 08:30+08\n`;
          }
        }
      })(),
    );
  } finally {
    await db.query(`SET session_replication_role = DEFAULT`);
  }
  batch.seconds = Math.round((Date.now() - started) / 100) / 10;
  return batch;
}
