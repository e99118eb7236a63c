import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import {
  AppLogger,
  AppLoggerToken,
  ConfigError,
  loadConfig,
  PinoNestLogger,
  RedisConnection,
  runMain,
  stopOnSignals,
} from '@tongban/platform';
import { QueueWorkerHost } from '@tongban/platform/queue/queue-worker-host';
import { healthPortFrom, serveWorkerHealth } from './worker-health';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new ConfigError('Invalid configuration: DATABASE_URL is required for the worker (npm start runs delivery in-process without it)');
  }
  if (!config.redisUrl) {
    throw new ConfigError('Invalid configuration: REDIS_URL is required for the worker (npm start runs delivery in-process without it)');
  }
  const healthPort = healthPortFrom(process.env);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  const logger = app.get<AppLogger>(AppLoggerToken);
  app.useLogger(new PinoNestLogger(logger));
  await app.init();
  // Refuses to start when a job has no handler (a second handler for a job failed at init already).
  app.get(QueueWorkerHost).start();
  const health = healthPort === undefined ? undefined : await serveWorkerHealth(app, healthPort);
  health?.unref();

  const queue = await app.get(RedisConnection).state();
  logger.info({ queue, healthPort }, 'Tongban worker started');

  stopOnSignals(app, logger, 'Tongban worker');
}

runMain(main);
