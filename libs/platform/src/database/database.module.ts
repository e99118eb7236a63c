import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { PreparedStatements } from './prepared-statements';
import { runMigrations } from './run-migrations';

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
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config, []), autoLoadEntities: true }),
      dataSourceFactory: async (options?: DataSourceOptions) => {
        const dataSource = await new DataSource(options!).initialize();
        keepConnectionErrorsHandled(dataSource);
        await runMigrations(dataSource, !('url' in options! && options.url));
        return dataSource;
      },
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
