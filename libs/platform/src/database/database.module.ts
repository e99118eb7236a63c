import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
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
        await runMigrations(dataSource, !('url' in options! && options.url));
        return dataSource;
      },
    }),
  ],
  providers: [PreparedStatements],
  exports: [PreparedStatements],
})
export class DatabaseModule {}
