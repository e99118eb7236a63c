import { sql, Sql } from '@tongban/platform';

/**
 * An arrangement for the client (`clientId`, a uuid expression) with the host
 * clinic (`hostClinicId`) is in force on `day` (a date expression, the host's
 * clinic day): made, not ended, and the day within its days. The one
 * definition of "a guest of the day", provided to the access policy as
 * `HOSTED_GUEST_RULE`.
 */
export function hostedGuestSql(clientId: Sql, hostClinicId: Sql, day: Sql): Sql {
  return sql`EXISTS (SELECT 1 FROM guest_dosing gd_h
                      WHERE gd_h.client_id = ${clientId} AND gd_h.host_clinic_id = ${hostClinicId}
                        AND gd_h.ended_at IS NULL AND ${day} BETWEEN gd_h.from_date AND gd_h.until_date)`;
}

/**
 * The arrangements in force on `day` of a home clinic's clients (`homeClinicId`, a uuid expression), as a relation
 * `(client_id, away)`: one row per client away, `away` the JSON `{ hostClinicId, until }` of the arrangement that
 * began first. Read in one pass over the clinic's arrangements, for a list of its clients to join.
 */
export function guestsAwaySql(homeClinicId: Sql, day: Sql): Sql {
  return sql`(SELECT DISTINCT ON (gd_a.client_id) gd_a.client_id,
                     json_build_object('hostClinicId', gd_a.host_clinic_id, 'until', to_char(gd_a.until_date, 'YYYY-MM-DD')) AS away
                FROM guest_dosing gd_a
               WHERE gd_a.clinic_id = ${homeClinicId} AND gd_a.ended_at IS NULL AND ${day} BETWEEN gd_a.from_date AND gd_a.until_date
               ORDER BY gd_a.client_id, gd_a.from_date)`;
}
