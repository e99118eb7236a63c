import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AppConfig } from '@tongban/platform';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/api/src/app.module';
import { suiteEnvironment } from './test-app';
import { TestClock } from './test-clock';

export interface TestContext {
  app: INestApplicationContext;
  config: AppConfig;
  dataSource: DataSource;
  clock: TestClock;
  close: () => Promise<void>;
}

/**
 * The medium tier (test/medium, *.medium-spec.ts): the API's modules and
 * services on a real database of the suite's own, as {@link startTestApp}
 * gives them, without an HTTP server. For what HTTP adds nothing to; what a
 * caller sees (access, validation, problem+json) is tested through HTTP.
 */
export async function startTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const { config, clock, cleanUp } = await suiteEnvironment(env);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, clock), { abortOnError: false, logger: false });
  await app.init();
  return {
    app,
    config,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    clock,
    close: async () => {
      await app.close();
      await cleanUp();
    },
  };
}
