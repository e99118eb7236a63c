import { sql, Sql } from '@tongban/platform';

/**
 * The one definition of "the clinic day" in SQL: the date an instant (an SQL
 * expression, e.g. a parameter or a `created_at` column) falls on in the time
 * zone of a clinic (alias of a `clinic` row). Today is the clinic day of now.
 */
export function clinicDaySql(clinicAlias: Sql, instant: Sql): Sql {
  return sql`((${instant}::timestamptz AT TIME ZONE ${clinicAlias}.time_zone)::date)`;
}
