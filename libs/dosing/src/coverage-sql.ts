import type { DropoutRule } from '@tongban/clients';
import { clinicDaySql } from '@tongban/clinics/clinic-day-sql';
import { sql, Sql } from '@tongban/platform';
import { missedBaseSql, missedDaysSql } from './dosing-rules';

/**
 * Coverage, in one place. An observed dose covers its own day; a take-home
 * dispense covers the `covers_days` days after its day; a voided dose covers none. Aggregates over a
 * client's `dosing_visit` rows: the last covered day before `day` (an SQL
 * date expression), as a date or NULL, and whether `day` itself is covered.
 * Every statement that asks what a client's doses cover builds on these two
 * (or on {@link coveredDaysSql}, the same rule as rows of days).
 */
function lastCoveredBefore(day: Sql): Sql {
  return sql`max(CASE
    WHEN voided_at IS NOT NULL THEN NULL
    WHEN kind = 'observed' AND clinic_day < ${day} THEN clinic_day
    WHEN kind = 'take_home' AND clinic_day < ${day} - 1 THEN LEAST(clinic_day + covers_days, ${day} - 1)
  END)`;
}

function coveredOn(day: Sql): Sql {
  return sql`coalesce(bool_or(voided_at IS NULL AND ((kind = 'observed' AND clinic_day = ${day})
    OR (kind = 'take_home' AND clinic_day < ${day} AND clinic_day + covers_days >= ${day}))), false)`;
}

/**
 * The last day of the unbroken run of covered days that includes `day`, or
 * NULL when `day` is not covered (`coveredUntil` of dosing-rules.ts, which
 * the spec beside this file holds it to). Every live take-home dispensed on
 * or before `day` that reaches `day` or later touches that run, so the run
 * ends at the furthest of them (or at `day`).
 */
function coveredUntilFrom(day: Sql): Sql {
  return sql`CASE WHEN ${coveredOn(day)} THEN GREATEST(${day}, max(CASE
    WHEN voided_at IS NULL AND kind = 'take_home' AND clinic_day <= ${day} AND clinic_day + covers_days >= ${day}
    THEN clinic_day + covers_days END)) END`;
}

/**
 * The same coverage as rows `(client_id, day)`: every day a live dose of the
 * visits `v` that `where` selects covers (its own day for an observed dose,
 * the `covers_days` days after it for a take-home dispense), for statements
 * that walk a whole history (the import's gaps).
 */
export function coveredDaysSql(where: Sql): Sql {
  return sql`SELECT v.client_id, v.clinic_day AS day FROM dosing_visit v
           WHERE v.kind = 'observed' AND v.voided_at IS NULL AND (${where})
          UNION
          SELECT v.client_id, (v.clinic_day + g)::date AS day FROM dosing_visit v, generate_series(1, v.covers_days) g
           WHERE v.kind = 'take_home' AND v.voided_at IS NULL AND (${where})`;
}

/**
 * A client's coverage as of `today`, as a subquery yielding `last` (the last
 * covered day before `today`, a date or NULL), `covered` (whether `today`
 * is covered) and `covered_until` (the last day of the covered run that
 * includes `today`, or NULL).
 *
 * It reads the client's dosing rows through the (client_id, clinic_day)
 * index only: the last row before today that can carry coverage, then the
 * rows from six days before it (a take-home covers at most six days, see
 * CHK_dosing_visit_covers) up to today. Nothing scans the client's history,
 * so a statement can apply it to every client of a clinic, or of all clinics
 * (the drop-out rule below, the dispensing window's list).
 */
export function coverageAsOfSql(clientId: Sql, today: Sql): Sql {
  const latest = sql`(SELECT max(w.clinic_day) FROM dosing_visit w
                    WHERE w.client_id = ${clientId} AND w.clinic_day < ${today} AND w.voided_at IS NULL
                      AND (w.kind = 'observed' OR w.clinic_day < ${today} - 1))`;
  return sql`(SELECT ${lastCoveredBefore(today)} AS last, ${coveredOn(today)} AS covered, ${coveredUntilFrom(today)} AS covered_until
             FROM dosing_visit
            WHERE client_id = ${clientId} AND clinic_day BETWEEN coalesce(${latest}, ${today}) - 6 AND ${today})`;
}

/**
 * The client's registration day (the clinic day of `client.created_at` in
 * the clinic's time zone), for statements that do not have it at hand.
 */
export function registrationDaySql(clientId: Sql): Sql {
  return sql`(SELECT ${clinicDaySql(sql`rk`, sql`rc.created_at`)} FROM client rc JOIN clinic rk ON rk.id = rc.clinic_id WHERE rc.id = ${clientId})`;
}

/**
 * The drop-out rule as SQL (the {@link DropoutRule} libs/clients settles
 * with): the day the open episode ends as of `today`, its last covered day or
 * its first day, once the missed days ({@link missedDaysSql}, counted from
 * the later of the episode's start and the registration day while nothing is
 * covered) reach the clinic's threshold (as `flagFor` says `dropped_out`); NULL before.
 */
export const dropoutEndSql: DropoutRule = ({ clientId, episodeStart, today, dropoutDays, registeredOn }) =>
  sql`(SELECT CASE WHEN ${missedDaysSql(sql`cov.last`, sql`cov.covered`, episodeStart, today, registeredOn ?? registrationDaySql(clientId))} >= ${dropoutDays}
                THEN GREATEST(${episodeStart}, coalesce(cov.last, ${episodeStart})) END
      FROM ${coverageAsOfSql(clientId, today)} cov
     WHERE NOT ${liveDoseBetweenSql(clientId, sql`${today} - ${dropoutDays}`, sql`${today} - 2`)})`;

/**
 * Whether the client has a live dose on a day from `from` to `to` (date
 * expressions): one look into the (client_id, clinic_day) index and at most a
 * row or two. The drop-out rule asks it first, as a client in treatment
 * mostly has: any live dose from `today - dropoutDays` to `today - 2` makes
 * the last covered day at least that day (an observed dose covers its day, a
 * take-home at least the next one up to yesterday), so fewer than
 * `dropoutDays` days are missed, and the coverage need not be read. Checking
 * a whole clinic then costs about one index look-up per open episode.
 */
function liveDoseBetweenSql(clientId: Sql, from: Sql, to: Sql): Sql {
  return sql`EXISTS (SELECT 1 FROM dosing_visit r WHERE r.client_id = ${clientId} AND r.clinic_day BETWEEN ${from} AND ${to} AND r.voided_at IS NULL)`;
}

/**
 * The first missed day of the client's current streak as of `today`: the day
 * after the last covered day, or after the later of the episode's first day
 * and the registration day when none is. The streak is `today - start` days
 * long, the count {@link missedDaysSql} gives; NULL when `today` is covered
 * (the client is back, or took today's dose home). All SQL date expressions.
 */
export function missedStreakStartSql(clientId: Sql, episodeStart: Sql, today: Sql, registeredOn?: Sql): Sql {
  return sql`(SELECT CASE WHEN NOT cov.covered THEN ${missedBaseSql(sql`cov.last`, episodeStart, registeredOn ?? registrationDaySql(clientId))} + 1 END
             FROM ${coverageAsOfSql(clientId, today)} cov)`;
}
