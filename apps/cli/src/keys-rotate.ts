import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { addGeneratedDataKey, AppLogger, AppLoggerToken, KeyRotation, loadConfig, PinoNestLogger, runMain } from '@tongban/platform';
import { CliModule } from './cli.module';

/**
 * npm run keys:rotate — re-seals every personal value under the current data
 * key and recomputes the blind indexes. With DATA_ENCRYPTION_KEY set, the
 * current key is the first one listed (`new:…,old:…`); deploy that list to
 * every process first, rotate, then drop the old key. Without it, a new key is
 * generated into DATA_DIR (stop the embedded server first).
 */
async function main(): Promise<void> {
  const generated = !process.env.DATA_ENCRYPTION_KEY;
  if (generated) {
    const keyId = addGeneratedDataKey(loadConfig().dataDir);
    process.stdout.write(`Generated data key ${keyId} into DATA_DIR; it seals from now on.\n`);
  }
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  app.useLogger(new PinoNestLogger(app.get<AppLogger>(AppLoggerToken)));
  await app.init();
  const reports = await app.get(KeyRotation).rotate();
  for (const report of reports) {
    process.stdout.write(`${report.table}: ${report.rows} rows checked, ${report.resealed} re-sealed under key ${config.currentKeyId}\n`);
  }
  process.stdout.write(
    generated ? 'Done.\n' : 'Done. Once every process runs with the new key first, the old key may be removed from DATA_ENCRYPTION_KEY.\n',
  );
  await app.close();
}

runMain(main);
