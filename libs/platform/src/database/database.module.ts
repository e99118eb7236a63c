import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions, embeddedDataDir, makeEmbeddedDataPrivate } from './data-source-options';
import { grantApplicationRole, roleOf } from './app-role-grants';
import { PreparedStatements } from './prepared-statements';
import { runMigrations } from './run-migrations';

/** The configuration the options came from, carried inside them (the factory below is handed only a copy of the options). */
const CONFIG = Symbol('tongban.config');
type ConfiguredOptions = DataSourceOptions & { [CONFIG]?: AppConfig };

/**
 * Migrates, and returns the data source of the application's role. With
 * DATABASE_OWNER_URL, the owner migrates on a connection of its own and
 * grants the application's role (DATABASE_URL) its rights on the tables
 * ({@link grantApplicationRole}); the application never owns them.
 */
async function openDatabase(options: ConfiguredOptions): Promise<DataSource> {
  const config = options[CONFIG];
  const embedded = !('url' in options && options.url);
  if (config?.databaseOwnerUrl && config.databaseUrl && roleOf(config.databaseOwnerUrl) !== roleOf(config.databaseUrl)) {
    const owner = await new DataSource({ ...options, url: config.databaseOwnerUrl, poolSize: 2 } as DataSourceOptions).initialize();
    try {
      await runMigrations(owner, false);
      await grantApplicationRole(owner, roleOf(config.databaseUrl));
    } finally {
      await owner.destroy();
    }
    const dataSource = await new DataSource(options).initialize();
    keepConnectionErrorsHandled(dataSource);
    return dataSource;
  }
  const dataSource = await new DataSource(options).initialize();
  keepConnectionErrorsHandled(dataSource);
  await runMigrations(dataSource, embedded);
  // The embedded database writes files of its own as it starts (relation caches): private too.
  const embeddedDir = config && embedded ? embeddedDataDir(config) : undefined;
  if (embeddedDir) makeEmbeddedDataPrivate(embeddedDir);
  return dataSource;
}

/**
 * The database connection of a process. Entities register themselves with
 * `TypeOrmModule.forFeature` in their area's module; migrations run at start-up.
 * Hot statements run through {@link PreparedStatements}.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const options: ConfiguredOptions & { autoLoadEntities: boolean } = { ...dataSourceOptions(config, []), autoLoadEntities: true };
        options[CONFIG] = config;
        return options;
      },
      dataSourceFactory: (options?: DataSourceOptions) => openDatabase(options!),
    }),
  ],
  providers: [PreparedStatements],
  exports: [PreparedStatements],
})
export class DatabaseModule {}

/**
 * A connection PostgreSQL drops (restarted, or `pg_terminate_backend`) may
 * report the error after TypeORM has given it back to the pool and removed
 * its listener; an 'error' event without a listener would end the process.
 * The pool still removes the broken connection; the statement that used it
 * fails as usual (503).
 */
function keepConnectionErrorsHandled(dataSource: DataSource): void {
  const pool: unknown = (dataSource.driver as { master?: unknown }).master;
  if (pool instanceof Pool) pool.on('connect', (client) => client.on('error', () => undefined));
}
