import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AppConfig, loadConfig } from '@tongban/platform';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TestClock } from './test-clock';
import { createApp } from '../../apps/api/src/create-app';
import { createSuiteDatabase, embeddedImage } from './test-database';

export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface TestApp {
  app: NestExpressApplication;
  /** Where the app listens (127.0.0.1 on a free port). */
  baseUrl: string;
  http: ReturnType<typeof request>;
  config: AppConfig;
  dataSource: DataSource;
  clock: TestClock;
  close: () => Promise<void>;
}

/** The configuration, clock and database of one suite's application, and how to remove them afterwards. */
export interface SuiteEnvironment {
  config: AppConfig;
  clock: TestClock;
  cleanUp: () => Promise<void>;
}

/**
 * A suite's configuration (real, as `main` loads it, with a clock the test
 * can move) on a database of its own: a fresh PostgreSQL database when
 * DATABASE_URL is set, in-memory PGlite otherwise. Either starts out migrated
 * (a copy of a template database, or of a PGlite image; see test-database.ts),
 * so the app finds no migration left to run; a suite that passes its own
 * DATABASE_URL gets what it made.
 */
export async function suiteEnvironment(env: Record<string, string> = {}): Promise<SuiteEnvironment> {
  const clock = new TestClock();
  const dataDir = mkdtempSync(join(tmpdir(), 'tongban-test-'));
  const ownDatabase = 'DATABASE_URL' in env;
  const database =
    process.env.DATABASE_URL && !ownDatabase ? await createSuiteDatabase(process.env.DATABASE_URL, { migrated: true }) : undefined;
  const embedded = !database && !env.DATABASE_URL;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    TONGBAN_EMBEDDED_IN_MEMORY: '1',
    ...(embedded ? { TONGBAN_EMBEDDED_IMAGE: await embeddedImage() } : {}),
    // Suites create thousands of accounts: argon2 at its least cost, allowed with NODE_ENV=test only (an app a suite
    // starts as production, and the processes suites start, hash at the standard cost).
    ...(env.NODE_ENV === undefined || env.NODE_ENV === 'test' ? { TONGBAN_PASSWORD_HASH_COST: 'minimal' } : {}),
    BOOTSTRAP_ADMIN_USERNAME: ADMIN_USERNAME,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...env,
  });
  return {
    config,
    clock,
    cleanUp: async () => {
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Boots the real API (real configuration, migrations, guard, filter) on the
 * suite's own database ({@link suiteEnvironment}). One per suite.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const { config, clock, cleanUp } = await suiteEnvironment(env);
  const app = await createApp(config, clock);
  // Listening once: supertest would otherwise open and close a listening socket for every request.
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    http: request(app.getHttpServer()),
    config,
    dataSource,
    clock,
    close: async () => {
      await app.close();
      await cleanUp();
    },
  };
}
