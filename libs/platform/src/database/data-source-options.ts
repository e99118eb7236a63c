import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';
import { AppConfig } from '../config/app-config';
import { MIGRATIONS } from './migrations';
import { SerializedPGlitePool } from './serialized-pglite-pool';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** Where the embedded database keeps its files. */
export function embeddedDataDir(config: AppConfig): string | undefined {
  return config.embeddedInMemory ? undefined : join(config.dataDir, 'pgdata');
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
      extra: { statement_timeout: 30000 },
    };
  }
  const dataDir = embeddedDataDir(config);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // The driver keeps the options; the pool below owns the single connection.
  new PGliteDriver(dataDir ? { dataDir } : {});
  return { ...common, driver: { Pool: SerializedPGlitePool } };
}
