import { INestApplicationContext } from '@nestjs/common';
import { ConfigError } from '../config/app-config';
import { AppLogger } from '../logging/logger';
import { errorForLog } from '../logging/redaction';

/**
 * Graceful shutdown: on SIGTERM or SIGINT, stop taking work, close the
 * application (HTTP server, queue connections, database, flushing the
 * embedded one to disk) and exit 0; exit 1 if closing fails.
 */
export function stopOnSignals(app: INestApplicationContext, logger: AppLogger, name: string): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${name} stopping`);
    app
      .close()
      .then(() => {
        logger.info(`${name} stopped`);
        logger.flush();
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ error: errorForLog(error) }, `${name} did not stop cleanly`);
        logger.flush();
        process.exit(1);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/**
 * Runs a process' start-up. A configuration error ends it with its one clear
 * line; anything else keeps its stack for the operator.
 */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const line = error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${line}\n`);
    process.exit(1);
  });
}
