import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { SerializedPGlitePool } from './serialized-pglite-pool';

/**
 * Resolves when the database answers `SELECT 1` within `timeoutMs`, rejects
 * otherwise. PostgreSQL: on a connection of the pool. Embedded PGlite: past
 * the one connection's queue (see {@link SerializedPGlitePool.ping}), so an
 * import holding it does not read as the database being down.
 */
export async function pingDatabase(dataSource: DataSource, timeoutMs: number): Promise<void> {
  if (!dataSource.isInitialized) throw new Error('the database is not connected');
  const pool: unknown = (dataSource.driver as PostgresDriver).master;
  const ping = pool instanceof SerializedPGlitePool ? pool.ping() : dataSource.query('SELECT 1');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
