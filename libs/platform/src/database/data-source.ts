import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

const config = loadConfig();

/**
 * The standalone data source of the TypeORM CLI (npm run migration:*): the
 * same options as the applications, with every entity of every area, as the
 * tables' owner (DATABASE_OWNER_URL) where the application runs as another role.
 */
export default new DataSource(
  dataSourceOptions({ ...config, databaseUrl: config.databaseOwnerUrl ?? config.databaseUrl }, [
    join(__dirname, '../../../*/src/**/entities/*.entity.{js,ts}'),
  ]),
);
