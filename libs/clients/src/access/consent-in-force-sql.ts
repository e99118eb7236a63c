import { sql, Sql } from '@tongban/platform';
import type { ConsentScope } from './entities/consent.entity';

/**
 * The one definition of "a consent in force" in SQL, for every area that
 * asks it (access, family, peer groups, reminders): the consent row (alias)
 * has begun and not ended on the clinic day `today` (an SQL expression), and
 * is not revoked.
 */
export function consentInForceSql(alias: Sql, today: Sql): Sql {
  return sql`${alias}.revoked_at IS NULL AND ${alias}.valid_from <= ${today} AND (${alias}.valid_until IS NULL OR ${alias}.valid_until >= ${today})`;
}

/** The client (an SQL expression) has a consent of `scope` in force on `today` (an SQL expression); `alias` keeps nested uses apart. */
export function hasConsentSql(clientId: Sql, scope: ConsentScope, today: Sql, alias: Sql = sql`ic`): Sql {
  return sql`EXISTS (SELECT 1 FROM consent ${alias} WHERE ${alias}.client_id = ${clientId} AND ${alias}.scope = ${scope}::varchar AND ${consentInForceSql(alias, today)})`;
}

/**
 * How many days before a consent ends its renewal falls due: the consent-expiry
 * notice goes out then, and the consent shows on the worklist from then on.
 */
export const CONSENT_RENEWAL_DAYS = 7;

/** A later consent of the same scope (alias of a `consent` row) continuing it without a gap. */
export function laterConsentSql(alias: Sql): Sql {
  return sql`SELECT 1 FROM consent n WHERE n.client_id = ${alias}.client_id AND n.scope = ${alias}.scope AND n.id <> ${alias}.id
            AND n.revoked_at IS NULL AND n.valid_from <= ${alias}.valid_until + 1
            AND (n.valid_until IS NULL OR n.valid_until > ${alias}.valid_until)`;
}

/**
 * The consent (alias of a `consent` row) is in force on `today` (an SQL
 * expression for a clinic day) and ends within the renewal window
 * ({@link CONSENT_RENEWAL_DAYS}), with no later consent of its scope taking over.
 */
export function consentExpiringSql(alias: Sql, today: Sql): Sql {
  return sql`${alias}.revoked_at IS NULL AND ${alias}.valid_until IS NOT NULL
             AND ${alias}.valid_until BETWEEN ${today} AND ${today} + ${CONSENT_RENEWAL_DAYS}::int
             AND ${alias}.valid_from <= ${today}
             AND NOT EXISTS (${laterConsentSql(alias)})`;
}
