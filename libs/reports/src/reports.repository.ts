import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { baselineMspssTotalSql } from '@tongban/assessments';
import { dispensedByDaySql, dropoutEndSql } from '@tongban/dosing';
import { hasConsentSql } from '@tongban/clients';
import { memberDuringSql } from '@tongban/peer-groups';
import { DrugTestMonthRow, drugTestMonthsSql } from '@tongban/drug-tests';
import { sql, Sql } from '@tongban/platform';
import { DataSource } from 'typeorm';
import { CohortPeriod } from './dto/report-query.dto';
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

export interface MemberAttendanceRow {
  groupId: string;
  groupName: string;
  clientId: string;
  code: string;
  meetings: number;
  present: number;
  absent: number;
  excused: number;
  lastAttended: string | null;
}

/** A condition on the client alias `c` with named parameters (ClientAccessPolicy.visibility). */
export interface DosingDayRow {
  day: string;
  census: number;
  doses: number;
  covered: number;
}

/**
 * The clinic's episodes (`e`, with its client `c`) each with `dropout_end`: the
 * day a drop-out that the records show but no one has read yet ended the open
 * episode, else null, for the clinic as of `day`; `where` narrows the episodes further.
 *
 * This is the drop-out rule of libs/dosing (`dropoutEndSql`, the statement
 * every read of a client settles with) read without writing, for an open
 * episode of an active client; the first read of the client records the same
 * end, so the report agrees with what the episodes will say. Only open
 * episodes look at dosing rows, each through the (client_id, clinic_day)
 * index; nothing scans the clinic's dosing history.
 */
function settledEpisodes(day: ClinicDay, where: Sql): Sql {
  const dropoutEnd = dropoutEndSql({
    clientId: sql`e.client_id`,
    episodeStart: sql`e.start_date`,
    today: sql`${day.asOf}::date`,
    dropoutDays: sql`${day.dropoutDays}::int`,
  });
  return sql`
  SELECT e.client_id, e.start_date, e.end_date, e.end_reason,
         CASE WHEN e.end_date IS NULL AND c.status = 'active' THEN ${dropoutEnd} END AS dropout_end
    FROM treatment_episode e
    JOIN client c ON c.id = e.client_id
   WHERE e.clinic_id = ${day.clinicId}::uuid AND (${where})`;
}

/** The intake cohort of an episode: `YYYY-MM`, `YYYY-Q1`…`YYYY-Q4` or `YYYY` (each sorts in date order as text). */
const COHORT_OF: Record<CohortPeriod, Sql> = {
  month: sql`to_char(o.start_date, 'YYYY-MM')`,
  quarter: sql`to_char(o.start_date, 'YYYY-"Q"Q')`,
  year: sql`to_char(o.start_date, 'YYYY')`,
};

/**
 * The group of an episode (`o`: client_id, start_date, time) for each comparison.
 * Landmark groups (at `landmarkDays`) only for episodes that lasted to the
 * landmark; attendance and interactions count from the start up to the day
 * before the landmark, each read through its (client_id, date) index.
 */
function groupOf(comparison: Comparison, landmarkDays: number, cohortBy: CohortPeriod): Sql {
  const landmark = sql`${landmarkDays}::int`;
  switch (comparison) {
    case 'none':
    case 'social_support':
      return sql`NULL`;
    case 'cohort':
      return COHORT_OF[cohortBy];
    case 'peer_support':
      return sql`CASE WHEN o.time >= ${landmark} THEN
      CASE WHEN EXISTS (SELECT 1 FROM peer_attendance a
                         WHERE a.client_id = o.client_id AND a.meeting_date >= o.start_date
                           AND a.meeting_date < o.start_date + ${landmark} AND a.status = 'present')
           THEN 'yes' ELSE 'no' END END`;
    case 'family_involvement':
      return sql`CASE WHEN o.time >= ${landmark} THEN
      CASE WHEN EXISTS (SELECT 1 FROM family_interaction f
                         WHERE f.client_id = o.client_id AND f.date >= o.start_date AND f.date < o.start_date + ${landmark})
           THEN 'yes' ELSE 'no' END END`;
  }
}

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
    cohortBy: CohortPeriod = 'month',
  ): Promise<EpisodeOutcome[]> {
    const began = sql`e.start_date >= ${from ?? '-infinity'}::date AND e.start_date <= ${to ?? 'infinity'}::date`;
    const rows = await sql`WITH settled AS (${settledEpisodes(day, began)}),
            outcome AS (
              SELECT s.client_id, s.start_date,
                     GREATEST(0, coalesce(s.end_date, s.dropout_end, ${day.asOf}::date) - s.start_date) AS time,
                     (coalesce(s.end_reason = 'dropout', false) OR s.dropout_end IS NOT NULL) AS event
                FROM settled s)
       SELECT o.time, o.event, ${groupOf(comparison, landmarkDays, cohortBy)} AS grp,
              ${comparison === 'social_support' ? baselineMspssTotalSql(sql`o.client_id`, sql`o.start_date`) : sql`NULL`}::float8 AS baseline
         FROM outcome o`.rows<{
      time: number;
      event: boolean;
      grp: string | null;
      baseline: number | null;
    }>(this.dataSource);
    return rows.map((row) => ({
      time: Number(row.time),
      event: row.event,
      group: row.grp,
      ...(comparison === 'social_support' ? { baseline: row.baseline === null ? null : Number(row.baseline) } : {}),
    }));
  }

  /**
   * Every peer group of the clinic with, in [from, to]: its meetings (up to
   * `today`), the distinct clients with attendance records, and the records
   * present and in all. Attendance is read through its (clinic_id, meeting_date) index.
   */
  async groupAttendance(clinicId: string, from: string, to: string, today: string): Promise<GroupAttendanceRow[]> {
    const rows = await sql`SELECT g.id AS group_id, g.name,
              (SELECT count(*) FROM peer_meeting m WHERE m.group_id = g.id AND m.date BETWEEN ${from}::date AND LEAST(${to}::date, ${today}::date))::int AS meetings,
              coalesce(a.members, 0) AS members, coalesce(a.present, 0) AS present, coalesce(a.recorded, 0) AS recorded
         FROM peer_group g
         LEFT JOIN (
           SELECT m.group_id, count(DISTINCT pa.client_id)::int AS members,
                  (count(*) FILTER (WHERE pa.status = 'present'))::int AS present, count(*)::int AS recorded
             FROM peer_attendance pa JOIN peer_meeting m ON m.id = pa.meeting_id
            WHERE pa.clinic_id = ${clinicId}::uuid AND pa.meeting_date BETWEEN ${from}::date AND ${to}::date
            GROUP BY m.group_id) a ON a.group_id = g.id
        WHERE g.clinic_id = ${clinicId}::uuid
        ORDER BY g.name, g.id`.rows<GroupAttendanceRow>(this.dataSource);
    return rows.map((row) => ({
      groupId: row.groupId,
      name: row.name,
      meetings: Number(row.meetings),
      members: Number(row.members),
      present: Number(row.present),
      recorded: Number(row.recorded),
    }));
  }

  /**
   * One row per peer group and client with attendance records dated in
   * [from, to], for the clients `visible` lets the caller see: the meetings
   * recorded for them there, each status counted, and the last meeting of
   * that group they attended up to `to` (earlier than `from` too). Read
   * through the (clinic_id, meeting_date) and (client_id, meeting_date) indexes.
   */
  async memberAttendance(clinicId: string, from: string, to: string, visible: Sql): Promise<MemberAttendanceRow[]> {
    const rows = await sql`SELECT x.group_id, g.name AS group_name, x.client_id, c.code, x.meetings, x.present, x.absent, x.excused,
              (SELECT to_char(max(l.meeting_date), 'YYYY-MM-DD') FROM peer_attendance l JOIN peer_meeting lm ON lm.id = l.meeting_id
                WHERE l.client_id = x.client_id AND lm.group_id = x.group_id AND l.status = 'present' AND l.meeting_date <= ${to}::date) AS last_attended
         FROM (SELECT m.group_id, pa.client_id, count(*)::int AS meetings,
                      (count(*) FILTER (WHERE pa.status = 'present'))::int AS present,
                      (count(*) FILTER (WHERE pa.status = 'absent'))::int AS absent,
                      (count(*) FILTER (WHERE pa.status = 'excused'))::int AS excused
                 FROM peer_attendance pa JOIN peer_meeting m ON m.id = pa.meeting_id
                WHERE pa.clinic_id = ${clinicId}::uuid AND pa.meeting_date BETWEEN ${from}::date AND ${to}::date
                GROUP BY m.group_id, pa.client_id) x
         JOIN peer_group g ON g.id = x.group_id
         JOIN client c ON c.id = x.client_id
        WHERE ${visible}
        ORDER BY g.name, g.id, c.code`.rows<MemberAttendanceRow>(this.dataSource);
    return rows.map((row) => ({
      groupId: row.groupId,
      groupName: row.groupName,
      clientId: row.clientId,
      code: row.code,
      meetings: Number(row.meetings),
      present: Number(row.present),
      absent: Number(row.absent),
      excused: Number(row.excused),
      lastAttended: row.lastAttended,
    }));
  }

  /**
   * Methadone the clinic dispensed on each day of [from, to] that has any, in
   * mg, as the dosing area defines it (`dispensedByDaySql`: a guest's dose
   * counts where it was given, not at the client's home clinic).
   */
  async dispensedByDay(clinicId: string, from: string, to: string): Promise<Map<string, number>> {
    const rows = await dispensedByDaySql(sql`${clinicId}::uuid`, sql`${from}::date`, sql`${to}::date`).rows<{ day: string; mg: string }>(
      this.dataSource,
    );
    return new Map(rows.map((row) => [row.day, Number(row.mg)]));
  }

  /**
   * Each day of [from, to] (`to` not after today): the clients in treatment
   * (episodes open that day, a drop-out not yet recorded ending on its last
   * covered day), the clients with an observed dose, and the clients in
   * treatment whose day was covered (observed, or by a take-home dispensed
   * before it).
   *
   * One pass over the window's dosing rows (and six days before it, for
   * take-homes), with nothing sorted or de-duplicated per client and day:
   * - the census from the episodes alone: +1 on the day a span enters the
   *   window, -1 on the day after it ends, summed in day order;
   * - an observed row counts once per client and day: the part 1 row, or a
   *   later part when no earlier part is recorded (split doses are rare, so
   *   the look-up runs for few rows; it stays out of the scan's WHERE, where
   *   its cost estimate would steer the planner off the scan it should use);
   * - a take-home covers a day only when no observed dose does (one index
   *   look-up per take-home day, a few per cent of the rows);
   * - each covered client day is matched to the span containing it with a
   *   hash join on the client (a client's episodes never overlap: readmission
   *   comes after the last end, and a drop-out's end is its last covered day).
   * Voided doses cover nothing. The window's rows are read through the
   * (clinic_id, clinic_day) index, or in one sequential scan when the clinic
   * holds most of them.
   *
   * Planner settings for this statement only (a read-only transaction): the
   * CTEs carry no statistics, so PostgreSQL guesses the join with the spans
   * to return ten times the rows it does and would sort two million rows for
   * a merge join; and the same guesses make it JIT-compile the query, which
   * costs seconds and saves nothing here.
   */
  async dosingDays(day: ClinicDay, from: string, to: string): Promise<DosingDayRow[]> {
    const fromDay = sql`${from}::date`;
    const toDay = sql`${to}::date`;
    const clinic = sql`${day.clinicId}::uuid`;
    const statement = sql`WITH days AS (SELECT d::date AS day FROM generate_series(${fromDay}, ${toDay}, interval '1 day') AS d),
            settled AS (${settledEpisodes(day, sql`e.start_date <= ${toDay} AND (e.end_date IS NULL OR e.end_date >= ${fromDay})`)}),
            spans AS (
              SELECT client_id, GREATEST(start_date, ${fromDay}) AS lo, LEAST(coalesce(end_date, dropout_end, ${day.asOf}::date), ${toDay}) AS hi
                FROM settled),
            edges AS (
              SELECT day, sum(delta)::int AS delta FROM (
                SELECT lo AS day, 1 AS delta FROM spans WHERE lo <= hi
                UNION ALL
                SELECT hi + 1, -1 FROM spans WHERE lo <= hi AND hi < ${toDay}) e
               GROUP BY day),
            census AS (
              SELECT d.day, (sum(coalesce(e.delta, 0)) OVER (ORDER BY d.day))::int AS census
                FROM days d LEFT JOIN edges e ON e.day = d.day),
            observed AS (
              SELECT v.client_id, v.clinic_day AS day,
                     v.part = 1 OR NOT EXISTS (
                       SELECT 1 FROM dosing_visit w
                        WHERE w.client_id = v.client_id AND w.clinic_day = v.clinic_day AND w.kind = 'observed'
                          AND w.clinic_id = ${clinic} AND w.part < v.part AND w.voided_at IS NULL) AS first
                FROM dosing_visit v
               WHERE v.clinic_id = ${clinic} AND v.kind = 'observed' AND v.voided_at IS NULL AND v.clinic_day BETWEEN ${fromDay} AND ${toDay}),
            home AS (
              SELECT DISTINCT h.client_id, h.day FROM (
                SELECT v.client_id, v.clinic_day + g.n AS day
                  FROM dosing_visit v CROSS JOIN generate_series(1, 6) AS g(n)
                 WHERE v.clinic_id = ${clinic} AND v.kind = 'take_home' AND v.voided_at IS NULL AND v.clinic_day BETWEEN ${fromDay} - 6 AND ${toDay} - 1
                   AND g.n <= v.covers_days AND v.clinic_day + g.n BETWEEN ${fromDay} AND ${toDay}
                OFFSET 0) h
               WHERE NOT EXISTS (SELECT 1 FROM dosing_visit w
                                  WHERE w.client_id = h.client_id AND w.clinic_day = h.day AND w.kind = 'observed' AND w.clinic_id = ${clinic}
                                    AND w.voided_at IS NULL)),
            marks AS (
              SELECT client_id, day, true AS dosed, first FROM observed
              UNION ALL
              SELECT client_id, day, false, true FROM home),
            per_day AS (
              SELECT k.day, (count(*) FILTER (WHERE k.dosed AND k.first))::int AS doses,
                     (count(s.client_id) FILTER (WHERE k.first))::int AS covered
                FROM marks k LEFT JOIN spans s ON s.client_id = k.client_id AND k.day BETWEEN s.lo AND s.hi
               GROUP BY k.day)
       SELECT to_char(c.day, 'YYYY-MM-DD') AS day, c.census, coalesce(p.doses, 0) AS doses, coalesce(p.covered, 0) AS covered
         FROM census c LEFT JOIN per_day p ON p.day = c.day
        ORDER BY c.day`;
    const rows = await this.dataSource.transaction('READ COMMITTED', async (em) => {
      await sql`SET TRANSACTION READ ONLY`.execute(em);
      await sql`SET LOCAL jit = off`.execute(em);
      await sql`SET LOCAL enable_mergejoin = off`.execute(em);
      return statement.rows<{ day: string; census: number; doses: number; covered: number }>(em);
    });
    return rows.map((row) => ({ day: row.day, census: Number(row.census), doses: Number(row.doses), covered: Number(row.covered) }));
  }

  /**
   * The peer-group uptake funnel of a clinic for [from, to] (clinic days in
   * `timeZone`): clients with a treatment episode in the window, and of them
   * those with a `peer_support` consent in force on `consentDay`, then those
   * of these who were a member of a group during the window, present at a
   * meeting in it, and present at least at half the meetings recorded for
   * them in it. One statement; consent and membership by their areas' definitions.
   */
  async peerUptake(
    clinicId: string,
    from: string,
    to: string,
    consentDay: string,
    timeZone: string,
  ): Promise<{ inTreatment: number; consented: number; joined: number; attendedOnce: number; attendedHalf: number }> {
    const start = sql`(${from}::date::timestamp AT TIME ZONE ${timeZone}::text)`;
    const end = sql`((${to}::date + 1)::timestamp AT TIME ZONE ${timeZone}::text)`;
    const row = await sql`WITH treated AS (
           SELECT DISTINCT c.id FROM client c JOIN treatment_episode e ON e.client_id = c.id
            WHERE c.clinic_id = ${clinicId}::uuid AND e.start_date <= ${to}::date AND (e.end_date IS NULL OR e.end_date >= ${from}::date)),
         steps AS (
           SELECT ${hasConsentSql(sql`t.id`, 'peer_support', sql`${consentDay}::date`)} AS consented,
                  ${memberDuringSql(sql`t.id`, start, end)} AS joined,
                  coalesce(a.present, 0) AS present, coalesce(a.recorded, 0) AS recorded
             FROM treated t
             LEFT JOIN LATERAL (
               SELECT (count(*) FILTER (WHERE pa.status = 'present'))::int AS present, count(*)::int AS recorded
                 FROM peer_attendance pa
                WHERE pa.client_id = t.id AND pa.clinic_id = ${clinicId}::uuid AND pa.meeting_date BETWEEN ${from}::date AND ${to}::date) a ON TRUE)
       SELECT count(*)::int AS in_treatment,
              (count(*) FILTER (WHERE consented))::int AS consented,
              (count(*) FILTER (WHERE consented AND joined))::int AS joined,
              (count(*) FILTER (WHERE consented AND joined AND present > 0))::int AS attended_once,
              (count(*) FILTER (WHERE consented AND joined AND present > 0 AND present * 2 >= recorded))::int AS attended_half
         FROM steps`.one<{ inTreatment: number; consented: number; joined: number; attendedOnce: number; attendedHalf: number }>(
      this.dataSource,
    );
    return {
      inTreatment: Number(row.inTreatment),
      consented: Number(row.consented),
      joined: Number(row.joined),
      attendedOnce: Number(row.attendedOnce),
      attendedHalf: Number(row.attendedHalf),
    };
  }

  /** The absences recorded at the clinic's meetings in [from, to], by reason (null when none was given). */
  async absenceReasons(clinicId: string, from: string, to: string): Promise<Array<{ reason: string | null; absences: number }>> {
    const rows = await sql`SELECT pa.reason, count(*)::int AS absences
         FROM peer_attendance pa
        WHERE pa.clinic_id = ${clinicId}::uuid AND pa.meeting_date BETWEEN ${from}::date AND ${to}::date AND pa.status = 'absent'
        GROUP BY pa.reason`.rows<{ reason: string | null; absences: number }>(this.dataSource);
    return rows.map((row) => ({ reason: row.reason, absences: Number(row.absences) }));
  }

  /** The clinic's drug tests per month of the window (the drug tests' own definition). */
  drugTestMonths(clinicId: string, from: string, to: string): Promise<DrugTestMonthRow[]> {
    return drugTestMonthsSql(clinicId, from, to).rows<DrugTestMonthRow>(this.dataSource);
  }
}
