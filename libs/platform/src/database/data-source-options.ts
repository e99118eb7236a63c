import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';
import { AppConfig, makePrivateDir } from '../config/app-config';
import { MIGRATIONS } from './migrations';
import { SerializedPGlitePool } from './serialized-pglite-pool';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** Where the embedded database keeps its files. */
export function embeddedDataDir(config: AppConfig): string | undefined {
  return config.embeddedInMemory ? undefined : join(config.dataDir, 'pgdata');
}

/**
 * The embedded database's files, readable by the owner only: directories
 * 0700, files 0600, also those an earlier version left open. The process's
 * umask is narrowed so that files PGlite creates later are private too.
 */
export function makeEmbeddedDataPrivate(dir: string): void {
  makePrivateDir(dir);
  process.umask(0o077);
  const walk = (path: string): void => {
    chmodSync(path, 0o700);
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) chmodSync(child, 0o600);
    }
  };
  walk(dir);
}

/**
 * TypeORM options shared by the applications and the migration CLI:
 * PostgreSQL through `pg` when DATABASE_URL is set, embedded PGlite otherwise.
 * `synchronize` is off everywhere; the schema comes from migrations only.
 */
export function dataSourceOptions(config: AppConfig, entities: NonNullable<DataSourceOptions['entities']>): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto' as const,
    logging: false,
    namingStrategy: new SnakeNamingStrategy(),
  };
  if (config.databaseUrl) {
    return {
      ...common,
      url: config.databaseUrl,
      poolSize: 20,
      connectTimeoutMS: 5000,
      applicationName: 'tongban',
      extra: {
        // Ordinary requests may not wait on a slow statement or a stuck transaction for longer than this; long
        // operations (imports) raise it for their own transaction with SET LOCAL. Hitting it answers 503 UNAVAILABLE.
        statement_timeout: config.databaseStatementTimeoutMs,
        idle_in_transaction_session_timeout: config.databaseStatementTimeoutMs,
        // A connection once opened is kept (at most `poolSize` of them), with the statements prepared on it. The
        // driver's default closed one after 10 s idle: after a busy spell, the next spell's requests waited for new
        // connections and prepared their statements again (30-45 ms stalls in the dosing benchmark's steady run).
        idleTimeoutMillis: 0,
      },
    };
  }
  const dataDir = embeddedDataDir(config);
  if (dataDir) {
    makePrivateDir(config.dataDir);
    makeEmbeddedDataPrivate(dataDir);
  }
  // The driver keeps the options; the pool below owns the single connection.
  new PGliteDriver(dataDir ? { dataDir } : config.embeddedImage ? { loadDataDir: new Blob([readFileSync(config.embeddedImage)]) } : {});
  return { ...common, driver: { Pool: SerializedPGlitePool } };
}
