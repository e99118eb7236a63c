import { sql, Sql } from '@tongban/platform';
/** Reminders made by the day (the day before a meeting, the day after a miss) go at this time, clinic time. */
export const DAILY_SEND_TIME = '10:00';

/** An appointment reminder goes this long before the appointment (or at once, when less remains). */
export const APPOINTMENT_LEAD_MS = 24 * 60 * 60 * 1000;

/** The instant a clinic day (SQL date expression) shows `DAILY_SEND_TIME` in the clinic's time zone (alias of a `clinic` row). */
export function dailySendInstantSql(day: Sql, clinicAlias: Sql): Sql {
  return sql`((${day} + ${DAILY_SEND_TIME}::time) AT TIME ZONE ${clinicAlias}.time_zone)`;
}
