import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModulesContainer } from '@nestjs/core';
import { Test, TestingModule } from '@nestjs/testing';
import { loadConfig } from '@tongban/platform';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { createSuiteDatabase } from './support/test-database';

/** The Nest modules a worker runs: the platform's (without a route) and each area's jobs. */
const WORKER_MODULES = [
  'AuditModule',
  'ClockModule',
  'ConfigModule',
  'CryptoModule',
  'DatabaseModule',
  'DomainEventsModule',
  'InternalCoreModule',
  'LoggingModule',
  'PlatformModule',
  'QueueModule',
  'ReminderDeliveryModule',
  'TypeOrmCoreModule',
  'TypeOrmModule',
  'WorkerModule',
];

/**
 * The queue worker loads the modules it runs and nothing of the HTTP
 * application: no controller, no area it does not run jobs for.
 */
describe('the worker’s modules', () => {
  let dataDir: string;
  let database: { url: string; drop: () => Promise<void> } | undefined;
  let worker: TestingModule;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tongban-worker-'));
    database = process.env.DATABASE_URL ? await createSuiteDatabase(process.env.DATABASE_URL) : undefined;
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      TONGBAN_EMBEDDED_IN_MEMORY: '1',
      LOG_LEVEL: 'silent',
      ...(database ? { DATABASE_URL: database.url } : {}),
    });
    // Built and resolved as main.ts builds it (every provider made, the database opened); not started.
    worker = await Test.createTestingModule({ imports: [WorkerModule.forRoot(config)] }).compile();
  });
  afterAll(async () => {
    await worker?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the platform and the reminders’ jobs, and registers no controller', () => {
    // RootTestModule is the testing module's own wrapper around WorkerModule.
    const modules = [...worker.get(ModulesContainer).values()].filter((module) => module.metatype.name !== 'RootTestModule');
    expect([...new Set(modules.map((module) => module.metatype.name))].sort()).toEqual(WORKER_MODULES);
    expect(modules.flatMap((module) => [...module.controllers.values()].map((controller) => controller.name))).toEqual([]);
  });

  it('loads the files of no other area and no controller (the built worker)', () => {
    // In a process of its own: what `node dist/apps/worker/src/main.js` loads before it starts.
    const loaded = execFileSync(
      process.execPath,
      [
        '-e',
        `require('reflect-metadata');
         require('./dist/apps/worker/src/worker.module.js');
         console.log(JSON.stringify(Object.keys(require.cache)));`,
      ],
      { encoding: 'utf8' },
    );
    const all = JSON.parse(loaded) as string[];
    const files = all.map((file) => /\/dist\/(?:apps|libs)\/(.+)$/.exec(file)?.[1]).filter((file): file is string => file !== undefined);
    const folders = new Set(files.map((file) => file.split('/')[0]));
    expect([...folders].sort()).toEqual(['clients', 'clinics', 'dosing', 'peer-groups', 'platform', 'reminders', 'worker']);
    // Of other areas, only the SQL definitions the sweeps and the send-time check build on.
    expect(files.filter((file) => /^(dosing|clients|clinics|peer-groups)\//.test(file)).sort()).toEqual([
      'clients/src/access/consent-in-force-sql.js',
      'clinics/src/clinic-day-sql.js',
      'dosing/src/coverage-sql.js',
      'dosing/src/dosing-rules.js',
      'peer-groups/src/current-membership-sql.js',
    ]);
    expect(files.filter((file) => /\.controller\.js$/.test(file))).toEqual([]);
    // Nor what only the HTTP application uses.
    expect(all.filter((file) => /node_modules\/(@nestjs\/(terminus|platform-express|passport|jwt)|passport)\//.test(file))).toEqual([]);
  });
});
