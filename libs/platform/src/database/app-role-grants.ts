import { DataSource } from 'typeorm';

/** The table no one but its owner may change: the audit trail is append-only for the application. */
const APPEND_ONLY_TABLES = ['audit_event'];

/** The PostgreSQL role a connection URL signs in as. */
export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/**
 * Gives the application's role (the user of `DATABASE_URL`) what it needs on
 * the tables the owner (`DATABASE_OWNER_URL`) has just migrated, and no more:
 * reading and writing rows, never owning a table. So the application cannot
 * alter a table, disable the audit trail's append-only trigger, or update,
 * delete or truncate audit events: only the owner can, and the API does not
 * run as the owner. Run after every migration, so new tables are covered.
 */
export async function grantApplicationRole(owner: DataSource, appRole: string): Promise<void> {
  const [{ role }] = await owner.query<Array<{ role: string }>>('SELECT quote_ident($1) AS role', [appRole]);
  await owner.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
  await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
  await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  for (const table of APPEND_ONLY_TABLES) {
    await owner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM ${role}`);
  }
  await owner.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migration FROM ${role}`);
}
