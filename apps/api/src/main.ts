import 'reflect-metadata';
import { AppLogger, AppLoggerToken, loadConfig, runMain, stopOnSignals } from '@tongban/platform';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port);
  const logger = app.get<AppLogger>(AppLoggerToken);
  stopOnSignals(app, logger, 'Tongban');
  logger.info(
    { port: config.port, database: config.databaseUrl ? 'postgres' : 'embedded', queue: config.redisUrl ? 'redis' : 'inline' },
    `Tongban is listening on http://localhost:${config.port} (OpenAPI at /api/docs)`,
  );
}

runMain(main);
