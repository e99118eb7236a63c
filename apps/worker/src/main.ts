import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppLogger, AppLoggerToken, ConfigError, errorForLog, loadConfig, PinoNestLogger, RedisConnection } from '@tongban/platform';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new ConfigError('Invalid configuration: DATABASE_URL is required for the worker (npm start runs delivery in-process without it)');
  }
  if (!config.redisUrl) {
    throw new ConfigError('Invalid configuration: REDIS_URL is required for the worker (npm start runs delivery in-process without it)');
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  const logger = app.get<AppLogger>(AppLoggerToken);
  app.useLogger(new PinoNestLogger(logger));
  await app.init();

  const queue = await app.get(RedisConnection).state();
  logger.info({ queue }, 'Tongban worker started');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Tongban worker stopping');
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ error: errorForLog(error) }, 'worker did not stop cleanly');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
