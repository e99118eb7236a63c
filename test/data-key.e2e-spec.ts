import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_MAIN, freePort, run, Running, waitFor, WORKER_MAIN } from './support/process';
import { createSuiteDatabase } from './support/test-database';

/**
 * A wrong or lost data key is loud (issue 16, item 16), and the embedded
 * data directory is private (item 10): the built server and worker as an
 * operator runs them, on one database, with different keys.
 */

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');
const JWT_SECRET = 'Zq8rT2vW9xY4bN6mK1pL3sD5fG7hJ0aE';
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe('the data key check at start-up', () => {
  let root: string;
  const processes: Running[] = [];

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tongban-key-'));
  });
  afterEach(async () => {
    for (const running of processes.splice(0)) {
      if (running.child.exitCode === null && running.child.signalCode === null) {
        running.child.kill('SIGKILL');
        await running.exited;
      }
    }
    rmSync(root, { recursive: true, force: true });
  });

  async function startServer(env: Record<string, string>): Promise<Running> {
    const running = run(API_MAIN, { LOG_LEVEL: 'info', BOOTSTRAP_ADMIN_PASSWORD: 'a-chosen-admin-password', ...env });
    processes.push(running);
    await waitFor(
      async () => {
        if (running.child.exitCode !== null) throw new Error(`server exited:\n${running.output()}`);
        return fetch(`http://127.0.0.1:${env.PORT}/health/ready`).then(
          (res) => res.status === 200,
          () => false,
        );
      },
      90_000,
      'GET /health/ready to answer 200',
    );
    return running;
  }

  async function stop(running: Running): Promise<void> {
    running.child.kill('SIGTERM');
    expect(await running.exited).toEqual({ code: 0, signal: null });
  }

  /** What a refused start printed besides its log lines (JSON, or Nest's own before the worker's logger is set): the one line an operator reads. */
  async function refused(main: string, env: Record<string, string>): Promise<string> {
    const running = run(main, { LOG_LEVEL: 'info', ...env });
    processes.push(running);
    expect((await running.exited).code).toBe(1);
    const lines = running
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('{') && !line.includes('[Nest]'));
    expect(lines).toEqual([expect.stringMatching(/^Invalid configuration: /)]);
    return lines[0];
  }

  /** Every file and directory under `dir` with its permission bits. */
  function modes(dir: string): Array<{ path: string; mode: number; directory: boolean }> {
    const found = [{ path: dir, mode: statSync(dir).mode & 0o777, directory: true }];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) found.push(...modes(path));
      else if (entry.isFile()) found.push({ path, mode: statSync(path).mode & 0o777, directory: false });
    }
    return found;
  }

  it('on the embedded database: a start with another key stops with one line naming DATA_ENCRYPTION_KEY; the right key starts; files are private', async () => {
    const dataDir = join(root, 'data');
    const env = { PORT: String(await freePort()), DATA_DIR: dataDir, JWT_SECRET };
    await stop(await startServer({ ...env, DATA_ENCRYPTION_KEY: KEY_A }));

    const line = await refused(API_MAIN, { ...env, DATA_ENCRYPTION_KEY: KEY_B });
    expect(line).toMatch(/^Invalid configuration: DATA_ENCRYPTION_KEY does not open the data in this database[^\n]*$/);

    const again = await startServer({ ...env, DATA_ENCRYPTION_KEY: KEY_A });
    // DATA_DIR and every directory under it 0700; no file readable by anyone but the owner.
    expect(modes(dataDir).filter(({ mode, directory }) => (directory ? mode !== 0o700 : (mode & 0o077) !== 0))).toEqual([]);
    expect(modes(dataDir).length).toBeGreaterThan(10);
    await stop(again);
  }, 240_000);

  it('on PostgreSQL: a server or worker started without the key refuses to start, and keeps no generated key', async () => {
    const database = await createSuiteDatabase(SERVER_URL);
    try {
      const port = String(await freePort());
      await stop(
        await startServer({
          PORT: port,
          DATA_DIR: join(root, 'first'),
          DATABASE_URL: database.url,
          DATA_ENCRYPTION_KEY: KEY_A,
          JWT_SECRET,
        }),
      );

      const otherKey = await refused(API_MAIN, {
        PORT: port,
        DATA_DIR: join(root, 'second'),
        DATABASE_URL: database.url,
        DATA_ENCRYPTION_KEY: KEY_B,
        JWT_SECRET,
      });
      expect(otherKey).toMatch(/^Invalid configuration: DATA_ENCRYPTION_KEY does not open the data in this database[^\n]*$/);

      const noKey = await refused(API_MAIN, { PORT: port, DATA_DIR: join(root, 'third'), DATABASE_URL: database.url });
      expect(noKey).toMatch(/^Invalid configuration: DATA_ENCRYPTION_KEY is not set and this database already holds data[^\n]*$/);
      expect(existsSync(join(root, 'third', 'secrets.json'))).toBe(false);

      const worker = await refused(WORKER_MAIN, {
        DATA_DIR: join(root, 'worker'),
        DATABASE_URL: database.url,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      });
      expect(worker).toMatch(/^Invalid configuration: DATA_ENCRYPTION_KEY is not set and this database already holds data[^\n]*$/);
      expect(existsSync(join(root, 'worker', 'secrets.json'))).toBe(false);

      // The right key still starts.
      await stop(
        await startServer({
          PORT: port,
          DATA_DIR: join(root, 'fourth'),
          DATABASE_URL: database.url,
          DATA_ENCRYPTION_KEY: KEY_A,
          JWT_SECRET,
        }),
      );
    } finally {
      await database.drop();
    }
  }, 240_000);
});
