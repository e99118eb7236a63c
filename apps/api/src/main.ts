import 'reflect-metadata';
import { AppLogger, AppLoggerToken, ConfigError, loadConfig } from '@tongban/platform';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port);
  const logger = app.get<AppLogger>(AppLoggerToken);
  logger.info(
    { port: config.port, database: config.databaseUrl ? 'postgres' : 'embedded', queue: config.redisUrl ? 'redis' : 'inline' },
    `Tongban is listening on http://localhost:${config.port} (OpenAPI at /api/docs)`,
  );
}

main().catch((error: unknown) => {
  // A configuration error is one clear line; anything else keeps its stack for the operator.
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
