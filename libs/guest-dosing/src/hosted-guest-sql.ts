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

/** The client's arrangement in force on `day` (the home clinic's), as JSON `{ hostClinicId, until }`, or NULL. */
export function guestAwaySql(clientId: Sql, day: Sql): Sql {
  return sql`(SELECT json_build_object('hostClinicId', gd_a.host_clinic_id, 'until', to_char(gd_a.until_date, 'YYYY-MM-DD'))
                FROM guest_dosing gd_a
               WHERE gd_a.client_id = ${clientId} AND gd_a.ended_at IS NULL AND ${day} BETWEEN gd_a.from_date AND gd_a.until_date
               ORDER BY gd_a.from_date LIMIT 1)`;
}
