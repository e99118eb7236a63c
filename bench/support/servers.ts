import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cleanup } from './cleanup';
import { BenchDatabase, createBenchDatabase } from './database';
import { waitFor } from '../../test/support/process';

export { API_MAIN, freePort } from '../../test/support/process';

/** The baseline server, compiled next to this file (npm run bench). */
export const BASELINE_MAIN = join(process.cwd(), 'dist-bench/bench/baseline-server.js');

const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;
/** Kept of a server's output, for the error when it fails to start. */
const MAX_OUTPUT = 64 * 1024;

/** A server this benchmark started: stopped by {@link StartedServer.stop}, also when the benchmark fails. */
export interface StartedServer {
  name: string;
  base: string;
  pid: number;
  stop: () => Promise<void>;
}

/**
 * Starts a built entry point on 127.0.0.1:`port` with exactly `env` (and
 * PATH), as test/support/process.ts does, with optional node flags, and waits
 * until `GET /health/ready` answers 200 (or fails after 90 s).
 */
export async function startServer(
  name: string,
  main: string,
  port: number,
  env: Record<string, string>,
  nodeFlags: string[] = [],
): Promise<StartedServer> {
  const child = spawn(process.execPath, [...nodeFlags, main], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited during start-up:\n${output}`);
        return fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(2000) }).then(
          (res) => res.status === 200,
          () => false,
        );
      },
      READY_TIMEOUT_MS,
      `${name} to answer GET /health/ready with 200`,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { name, base, pid: child.pid ?? -1, stop };
}

/** A fresh database and data directory for Tongban, and the environment a production start needs. */
export interface TongbanSetup {
  database: BenchDatabase;
  dataDir: string;
  adminPassword: string;
  env: Record<string, string>;
}

/**
 * Creates a fresh database and a data directory (both removed by `cleanup`)
 * and the environment Tongban starts with in production (generated secrets,
 * a bootstrap admin password), plus `extraEnv`.
 */
export async function prepareTongban(
  serverUrl: string,
  cleanup: Cleanup,
  log: (line: string) => void,
  extraEnv: (dataDir: string) => Record<string, string> = () => ({}),
): Promise<TongbanSetup> {
  const database = await createBenchDatabase(serverUrl);
  cleanup.add(`drop database ${database.name}`, database.drop);
  log(`created database ${database.name}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'tongban-bench-'));
  cleanup.add('remove the data directory', () => rmSync(dataDir, { recursive: true, force: true }));
  const adminPassword = randomBytes(18).toString('base64url');
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'warn',
    ...extraEnv(dataDir),
  };
  return { database, dataDir, adminPassword, env };
}
