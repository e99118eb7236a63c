import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/**
 * The standalone data source of the TypeORM CLI (npm run migration:*): the
 * same options as the applications, with every entity of every area.
 */
export default new DataSource(dataSourceOptions(loadConfig(), [join(__dirname, '../../../*/src/**/entities/*.entity.{js,ts}')]));
