import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { dropoutEndSql } from '@tongban/dosing';
import { DataSource } from 'typeorm';
import { Comparison, EpisodeOutcome } from './retention/retention-analysis';

/** What every report query needs to see a clinic's episodes as the dosing rules do today. */
export interface ClinicDay {
  clinicId: string;
  /** Today in the clinic's time zone. */
  asOf: string;
  /** The clinic's drop-out threshold (consecutive missed days). */
  dropoutDays: number;
}

export interface GroupAttendanceRow {
  groupId: string;
  name: string;
  meetings: number;
  members: number;
  present: number;
  recorded: number;
}

export interface DosingDayRow {
  day: string;
  census: number;
  doses: number;
  covered: number;
}

/**
 * The clinic's episodes (`e`, with its client `c`) each with `dropout_end`: the
 * day a drop-out that the records show but no one has read yet ended the open
 * episode, else null. `$1` is the clinic, `$2` today (`asOf`), `$3` the clinic's
 * drop-out days; `where` narrows the episodes further.
 *
 * This is the drop-out rule of libs/dosing (`dropoutEndSql`, the statement
 * every read of a client settles with) read without writing, for an open
 * episode of an active client; the first read of the client records the same
 * end, so the report agrees with what the episodes will say. Only open
 * episodes look at dosing rows, each through the (client_id, clinic_day)
 * index; nothing scans the clinic's dosing history.
 */
function settledEpisodes(where: string): string {
  const dropoutEnd = dropoutEndSql({ clientId: 'e.client_id', episodeStart: 'e.start_date', today: '$2::date', dropoutDays: '$3::int' });
  return `
  SELECT e.client_id, e.start_date, e.end_date, e.end_reason,
         CASE WHEN e.end_date IS NULL AND c.status = 'active' THEN ${dropoutEnd} END AS dropout_end
    FROM treatment_episode e
    JOIN client c ON c.id = e.client_id
   WHERE e.clinic_id = $1 AND (${where})`;
}

/**
 * The group of an episode (`o`: client_id, start_date, time) for each comparison.
 * Landmark groups (`$6` = landmark days) only for episodes that lasted to the
 * landmark; attendance and interactions count from the start up to the day
 * before the landmark, each read through its (client_id, date) index.
 */
const GROUP_OF: Record<Comparison, string> = {
  none: 'NULL',
  cohort: `to_char(o.start_date, 'YYYY-MM')`,
  peer_support: `CASE WHEN o.time >= $6::int THEN
      CASE WHEN EXISTS (SELECT 1 FROM peer_attendance a
                         WHERE a.client_id = o.client_id AND a.meeting_date >= o.start_date
                           AND a.meeting_date < o.start_date + $6::int AND a.status = 'present')
           THEN 'yes' ELSE 'no' END END`,
  family_involvement: `CASE WHEN o.time >= $6::int THEN
      CASE WHEN EXISTS (SELECT 1 FROM family_interaction f
                         WHERE f.client_id = o.client_id AND f.date >= o.start_date AND f.date < o.start_date + $6::int)
           THEN 'yes' ELSE 'no' END END`,
};

/**
 * Read-only SQL for the coordinators' reports. Reports read across areas
 * (episodes, dosing, peer groups, family), so this repository queries those
 * tables directly instead of loading records through each area's service; it
 * never writes, and it returns only counts and per-episode figures, no client
 * identifiers.
 */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One row per episode of the clinic that began in [from, to]: its time in
   * days (to its end, to a drop-out not yet recorded, or to today), whether it
   * ended in drop-out, and its group for the comparison.
   */
  async episodeOutcomes(
    day: ClinicDay,
    from: string | null,
    to: string | null,
    comparison: Comparison,
    landmarkDays: number,
  ): Promise<EpisodeOutcome[]> {
    const params: unknown[] = [day.clinicId, day.asOf, day.dropoutDays, from ?? '-infinity', to ?? 'infinity'];
    if (comparison === 'peer_support' || comparison === 'family_involvement') params.push(landmarkDays);
    const rows = await this.dataSource.query<Array<{ time: number; event: boolean; grp: string | null }>>(
      `WITH settled AS (${settledEpisodes('e.start_date >= $4::date AND e.start_date <= $5::date')}),
            outcome AS (
              SELECT s.client_id, s.start_date,
                     GREATEST(0, coalesce(s.end_date, s.dropout_end, $2::date) - s.start_date) AS time,
                     (coalesce(s.end_reason = 'dropout', false) OR s.dropout_end IS NOT NULL) AS event
                FROM settled s)
       SELECT o.time, o.event, ${GROUP_OF[comparison]} AS grp FROM outcome o`,
      params,
    );
    return rows.map((row) => ({ time: Number(row.time), event: row.event, group: row.grp }));
  }

  /**
   * Every peer group of the clinic with, in [from, to]: its meetings (up to
   * `today`), the distinct clients with attendance records, and the records
   * present and in all. Attendance is read through its (clinic_id, meeting_date) index.
   */
  async groupAttendance(clinicId: string, from: string, to: string, today: string): Promise<GroupAttendanceRow[]> {
    const rows = await this.dataSource.query<
      Array<{ group_id: string; name: string; meetings: number; members: number; present: number; recorded: number }>
    >(
      `SELECT g.id AS group_id, g.name,
              (SELECT count(*) FROM peer_meeting m WHERE m.group_id = g.id AND m.date BETWEEN $2::date AND LEAST($3::date, $4::date))::int AS meetings,
              coalesce(a.members, 0) AS members, coalesce(a.present, 0) AS present, coalesce(a.recorded, 0) AS recorded
         FROM peer_group g
         LEFT JOIN (
           SELECT m.group_id, count(DISTINCT pa.client_id)::int AS members,
                  (count(*) FILTER (WHERE pa.status = 'present'))::int AS present, count(*)::int AS recorded
             FROM peer_attendance pa JOIN peer_meeting m ON m.id = pa.meeting_id
            WHERE pa.clinic_id = $1 AND pa.meeting_date BETWEEN $2::date AND $3::date
            GROUP BY m.group_id) a ON a.group_id = g.id
        WHERE g.clinic_id = $1
        ORDER BY g.name, g.id`,
      [clinicId, from, to, today],
    );
    return rows.map((row) => ({
      groupId: row.group_id,
      name: row.name,
      meetings: Number(row.meetings),
      members: Number(row.members),
      present: Number(row.present),
      recorded: Number(row.recorded),
    }));
  }

  /**
   * Each day of [from, to] (`to` not after today): the clients in treatment
   * (episodes open that day, a drop-out not yet recorded ending on its last
   * covered day), the clients with an observed dose, and the clients in
   * treatment whose day was covered (observed, or by a take-home dispensed
   * before it). Dosing rows are read through the (clinic_id, clinic_day) index,
   * for the window only (and six days before it, for take-homes).
   */
  async dosingDays(day: ClinicDay, from: string, to: string): Promise<DosingDayRow[]> {
    const rows = await this.dataSource.query<Array<{ day: string; census: number; doses: number; covered: number }>>(
      `WITH days AS (SELECT d::date AS day FROM generate_series($4::date, $5::date, interval '1 day') AS d),
            settled AS (${settledEpisodes('e.start_date <= $5::date AND (e.end_date IS NULL OR e.end_date >= $4::date)')}),
            spans AS (SELECT client_id, start_date, coalesce(end_date, dropout_end, $2::date) AS last_day FROM settled),
            covered AS (
              SELECT v.client_id, v.clinic_day AS day FROM dosing_visit v
               WHERE v.clinic_id = $1 AND v.voided_at IS NULL AND v.kind = 'observed' AND v.clinic_day BETWEEN $4::date AND $5::date
              UNION
              SELECT v.client_id, (v.clinic_day + g.n)::date FROM dosing_visit v CROSS JOIN LATERAL generate_series(1, v.covers_days::int) AS g(n)
               WHERE v.clinic_id = $1 AND v.voided_at IS NULL AND v.kind = 'take_home' AND v.clinic_day BETWEEN $4::date - 6 AND $5::date - 1
                 AND v.clinic_day + g.n BETWEEN $4::date AND $5::date),
            census AS (
              SELECT d.day, count(s.client_id)::int AS census FROM days d
                LEFT JOIN spans s ON d.day BETWEEN s.start_date AND s.last_day
               GROUP BY d.day),
            kept AS (
              SELECT k.day, count(*)::int AS covered FROM covered k
                JOIN spans s ON s.client_id = k.client_id AND k.day BETWEEN s.start_date AND s.last_day
               GROUP BY k.day),
            doses AS (
              SELECT v.clinic_day AS day, count(DISTINCT v.client_id)::int AS doses FROM dosing_visit v
               WHERE v.clinic_id = $1 AND v.voided_at IS NULL AND v.kind = 'observed' AND v.clinic_day BETWEEN $4::date AND $5::date
               GROUP BY v.clinic_day)
       SELECT to_char(c.day, 'YYYY-MM-DD') AS day, c.census, coalesce(d.doses, 0) AS doses, coalesce(k.covered, 0) AS covered
         FROM census c LEFT JOIN doses d ON d.day = c.day LEFT JOIN kept k ON k.day = c.day
        ORDER BY c.day`,
      [day.clinicId, day.asOf, day.dropoutDays, from, to],
    );
    return rows.map((row) => ({ day: row.day, census: Number(row.census), doses: Number(row.doses), covered: Number(row.covered) }));
  }
}
