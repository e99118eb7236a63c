import { DataSource } from 'typeorm';

/** Any constant; every Tongban process takes the same lock while it migrates. */
const MIGRATION_LOCK = 720_001;

/**
 * Runs pending migrations. On PostgreSQL several replicas may start at once,
 * so they take turns through an advisory lock. The embedded database has one
 * process and one connection, which needs no lock (and could not share it).
 */
export async function runMigrations(dataSource: DataSource, embedded: boolean): Promise<number> {
  if (embedded) return (await dataSource.runMigrations({ transaction: 'each' })).length;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return (await dataSource.runMigrations({ transaction: 'each' })).length;
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
