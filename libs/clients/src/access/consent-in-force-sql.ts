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
