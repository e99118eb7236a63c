import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { API_MAIN, freePort, run, Running, waitFor } from './support/process';
import { completeFirstSignIn } from './support/first-sign-in';

const exec = promisify(execFile);
const TZ = 'Asia/Shanghai';

/**
 * `npm run backup` and `npm run restore` for the embedded database (issue 16,
 * item 19): a backup taken while the app runs, restored into a new DATA_DIR,
 * opens with the keys it carried and shows the same client.
 */
describe('backup and restore of the embedded database', () => {
  const dirs: string[] = [];
  const processes: Running[] = [];
  const tempDir = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  afterAll(async () => {
    for (const api of processes) {
      if (api.child.exitCode === null && api.child.signalCode === null) {
        api.child.kill('SIGKILL');
        await api.exited;
      }
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function startApi(dataDir: string): Promise<{ base: string; api: Running }> {
    const port = await freePort();
    const api = run(API_MAIN, {
      PORT: String(port),
      DATA_DIR: dataDir,
      BOOTSTRAP_ADMIN_PASSWORD: 'backup-admin-password',
      LOG_LEVEL: 'warn',
    });
    processes.push(api);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => {
        if (api.child.exitCode !== null) throw new Error(`server exited:\n${api.output()}`);
        return fetch(`${base}/health/ready`).then(
          (res) => res.status === 200,
          () => false,
        );
      },
      60_000,
      'the API to be ready',
    );
    return { base, api };
  }

  async function call(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  }

  it('restores a backup taken while the app runs into a new DATA_DIR, where the app reads the client back', async () => {
    const original = tempDir('tongban-backup-source-');
    const { base, api } = await startApi(original);
    const login = async (url: string, username: string, password: string) => {
      const answer = await call(url, 'POST', '/auth/login', null, { username, password });
      await completeFirstSignIn(url, answer, password);
      return answer.accessToken as string;
    };
    const adminToken = await login(base, 'admin', 'backup-admin-password');
    const clinic = await call(base, 'POST', '/clinics', adminToken, { code: 'BK01', name: 'Backup', timeZone: TZ });
    await call(base, 'POST', '/staff', adminToken, {
      username: 'backup-coordinator',
      password: 'backup-coordinator-password',
      displayName: 'Coordinator',
      role: 'coordinator',
      clinicId: clinic.id,
    });
    const token = await login(base, 'backup-coordinator', 'backup-coordinator-password');
    const client = await call(base, 'POST', '/clients', token, {
      givenName: 'Lan',
      familyName: 'Chen',
      dateOfBirth: '1979-03-02',
      sex: 'female',
      phone: '13712345678',
      intakeDate: new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date()),
    });

    const backups = tempDir('tongban-backups-');
    await exec(process.execPath, ['scripts/backup.mjs', backups, original]);
    api.child.kill('SIGTERM');
    await api.exited;
    const [file] = readdirSync(backups);
    expect(file).toMatch(/^tongban-backup-.*\.json$/);
    expect(statSync(join(backups, file)).mode & 0o777).toBe(0o600);

    const restored = tempDir('tongban-backup-target-');
    await exec(process.execPath, ['scripts/restore.mjs', join(backups, file), restored]);
    expect(statSync(join(restored, 'secrets.json')).mode & 0o777).toBe(0o600);
    await expect(exec(process.execPath, ['scripts/restore.mjs', join(backups, file), restored])).rejects.toThrow(/already holds/);

    const again = await startApi(restored);
    const readBack = await call(
      again.base,
      'GET',
      `/clients/${String(client.id)}`,
      await login(again.base, 'backup-coordinator', 'backup-coordinator-password'),
    );
    expect(readBack).toMatchObject({ id: client.id, code: client.code, givenName: 'Lan', familyName: 'Chen', phone: '13712345678' });
  }, 180_000);
});
