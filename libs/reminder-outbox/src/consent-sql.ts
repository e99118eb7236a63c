/**
 * A consent row (alias) in force on the clinic day `today` (an SQL
 * expression): begun, not ended, not revoked. The consent area's own
 * `activeConsentCondition`, restated here because the consent area calls the
 * outbox inside its transactions, so the outbox may not import it (that
 * would be a cycle); libs/consent/src/consent-in-force-sql.spec.ts keeps the
 * two equal.
 */
export function consentInForceSql(alias: string, today: string): string {
  return `${alias}.revoked_at IS NULL AND ${alias}.valid_from <= ${today} AND (${alias}.valid_until IS NULL OR ${alias}.valid_until >= ${today})`;
}

/** The client (an SQL expression) has a consent of `scope` (a literal) in force on `today`. */
export function hasConsentSql(clientId: string, scope: string, today: string, alias = 'rc'): string {
  return `EXISTS (SELECT 1 FROM consent ${alias} WHERE ${alias}.client_id = ${clientId} AND ${alias}.scope = '${scope}' AND ${consentInForceSql(alias, today)})`;
}

/** The clinic day in the clinic's time zone (alias of a `clinic` row) at the instant `now` (an SQL parameter). */
export function clinicTodaySql(clinicAlias: string, now: string): string {
  return `((${now}::timestamptz AT TIME ZONE ${clinicAlias}.time_zone)::date)`;
}

/**
 * The channel a client is reminded on: SMS with an `sms_reminders` consent
 * and a phone number, else e-mail with an `email_reminders` consent and an
 * address, else none (NULL).
 */
export function clientChannelSql(clientAlias: string, today: string): string {
  return `CASE
    WHEN ${clientAlias}.phone IS NOT NULL AND ${hasConsentSql(`${clientAlias}.id`, 'sms_reminders', today, 'rc_sms')} THEN 'sms'
    WHEN ${clientAlias}.email IS NOT NULL AND ${hasConsentSql(`${clientAlias}.id`, 'email_reminders', today, 'rc_email')} THEN 'email'
  END`;
}
