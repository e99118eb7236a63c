/**
 * The one definition of "the clinic day" in SQL: the date an instant (an SQL
 * expression, e.g. a parameter or a `created_at` column) falls on in the time
 * zone of a clinic (alias of a `clinic` row). Today is the clinic day of now.
 */
export function clinicDaySql(clinicAlias: string, instant: string): string {
  return `((${instant}::timestamptz AT TIME ZONE ${clinicAlias}.time_zone)::date)`;
}
