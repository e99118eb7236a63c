import { hasConsentSql } from '@tongban/clients/access/consent-in-force-sql';
import { sql, Sql } from '@tongban/platform';

/**
 * The channel a client is reminded on: SMS with an `sms_reminders` consent
 * and a phone number, else e-mail with an `email_reminders` consent and an
 * address, else none (NULL). `today` is the clinic day (an SQL expression).
 */
export function clientChannelSql(clientAlias: Sql, today: Sql): Sql {
  return sql`CASE
    WHEN ${clientAlias}.phone IS NOT NULL AND ${hasConsentSql(sql`${clientAlias}.id`, 'sms_reminders', today, sql`rc_sms`)} THEN 'sms'
    WHEN ${clientAlias}.email IS NOT NULL AND ${hasConsentSql(sql`${clientAlias}.id`, 'email_reminders', today, sql`rc_email`)} THEN 'email'
  END`;
}
