import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { applyRoutePrefix, createApiDocument, loadConfig, runMain } from '@tongban/platform';
import { AppModule } from './app.module';

/**
 * Writes the OpenAPI document to the path given as the only argument, without
 * a database: the app is built in preview mode (modules and routes, no
 * providers started). The web app's typed client is generated from it.
 */
async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: openapi-export <file.json>');
  const dataDir = mkdtempSync(join(tmpdir(), 'tongban-openapi-'));
  try {
    const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false, abortOnError: false });
    applyRoutePrefix(app);
    writeFileSync(out, `${JSON.stringify(createApiDocument(app), null, 2)}\n`);
    await app.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

runMain(main);
