import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions, embeddedDataDir, makeEmbeddedDataPrivate } from './data-source-options';
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
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config, []),
        autoLoadEntities: true,
        embeddedDir: embeddedDataDir(config),
      }),
      dataSourceFactory: async (options?: DataSourceOptions & { embeddedDir?: string }) => {
        const { embeddedDir, ...rest } = options!;
        const dataSource = await new DataSource(rest).initialize();
        await runMigrations(dataSource, !('url' in rest && rest.url));
        // The embedded database writes files of its own as it starts (relation caches): private too.
        if (embeddedDir && !('url' in rest && rest.url)) makeEmbeddedDataPrivate(embeddedDir);
        return dataSource;
      },
    }),
  ],
  providers: [PreparedStatements],
  exports: [PreparedStatements],
})
export class DatabaseModule {}
