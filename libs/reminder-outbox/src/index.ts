export * from './reminder-outbox';
export * from './reminder-outbox.module';
// SQL fragments the reminders area's sweeps and delivery share with the outbox.
export { clientChannelSql, clinicTodaySql, consentInForceSql, hasConsentSql } from './consent-sql';
export { insertMeetingRemindersSql } from './meeting-reminders-sql';
export { APPOINTMENT_LEAD_MS, DAILY_SEND_TIME, dailySendInstantSql } from './timing';
