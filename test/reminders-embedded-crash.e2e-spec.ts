import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_MAIN, freePort, run, Running, waitFor } from './support/process';
import { completeFirstSignIn } from './support/first-sign-in';
import { SmsRequest, startSmsSink, SmsSink } from './support/reminder-sinks';

const TZ = 'Asia/Shanghai';
const REMINDERS = 40;
const CONCURRENCY = 4;

/**
 * `npm start` on a laptop (embedded database, no Redis, reminders delivered
 * in the API process) killed in the middle of a batch to a slow gateway and
 * started again on the same data directory (issue 16, item 14): every `sent`
 * mark was on disk before the next message went out, so the only messages
 * the restarted process sends again are those in flight at the kill.
 */
describe('embedded delivery killed mid-batch', () => {
  let sms: SmsSink;
  let dataDir: string;
  const processes: Running[] = [];

  beforeAll(async () => {
    sms = await startSmsSink();
    sms.respondWith(() => ({ status: 200, delayMs: 150 }));
    dataDir = mkdtempSync(join(tmpdir(), 'tongban-embedded-crash-'));
  });

  afterAll(async () => {
    for (const api of processes) {
      if (api.child.exitCode === null && api.child.signalCode === null) {
        api.child.kill('SIGKILL');
        await api.exited;
      }
    }
    await sms?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startApi(): Promise<string> {
    const port = await freePort();
    const api = run(API_MAIN, {
      PORT: String(port),
      DATA_DIR: dataDir,
      BOOTSTRAP_ADMIN_PASSWORD: 'laptop-admin-password',
      SMS_GATEWAY_URL: sms.url,
      LOG_LEVEL: 'warn',
      REMINDER_POLL_MS: '200',
      REMINDER_CONCURRENCY: String(CONCURRENCY),
      REMINDER_LEASE_MS: '3000',
      REMINDER_SEND_TIMEOUT_MS: '2000',
      REMINDER_REQUEUE_MS: '2000',
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
    return base;
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

  it('sends no message twice after a restart beyond those in flight at the kill, and every reminder once in the end', async () => {
    let base = await startApi();
    const login = async (username: string, password: string) => {
      const answer = await call(base, 'POST', '/auth/login', null, { username, password });
      await completeFirstSignIn(base, answer, password);
      return answer.accessToken as string;
    };
    const adminToken = await login('admin', 'laptop-admin-password');
    const clinic = await call(base, 'POST', '/clinics', adminToken, { code: 'KC01', name: 'Laptop', timeZone: TZ });
    await call(base, 'PATCH', `/clinics/${String(clinic.id)}/settings`, adminToken, { quietHoursStart: '00:00', quietHoursEnd: '00:00' });
    await call(base, 'POST', '/staff', adminToken, {
      username: 'crash-coordinator',
      password: 'crash-coordinator-password',
      displayName: 'Coordinator',
      role: 'coordinator',
      clinicId: clinic.id,
    });
    const token = await login('crash-coordinator', 'crash-coordinator-password');
    const intakeDate = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date());
    const client = await call(base, 'POST', '/clients', token, {
      givenName: 'Wei',
      familyName: 'Zhang',
      dateOfBirth: '1980-01-01',
      sex: 'male',
      phone: '13800000000',
      intakeDate,
    });
    await call(base, 'POST', `/clients/${String(client.id)}/consents`, token, { scope: 'sms_reminders' });
    // All due together a few seconds from now, so that one batch takes them.
    const sendAt = new Date(Date.now() + 4000).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < REMINDERS; i++) {
      ids.push(
        (await call(base, 'POST', '/reminders', token, { clientId: client.id, kind: 'appointment', channel: 'sms', sendAt })).id as string,
      );
    }

    await waitFor(() => sms.requests.length >= REMINDERS / 2, 30_000, 'half of the batch to reach the gateway');
    processes[0].child.kill('SIGKILL');
    await processes[0].exited;
    const beforeKill = sms.requests.length;
    expect(beforeKill).toBeLessThan(REMINDERS);

    base = await startApi();
    const again = await login('crash-coordinator', 'crash-coordinator-password');
    await waitFor(() => ids.every((id) => sms.delivered.has(id)), 60_000, 'every reminder to reach the gateway');
    await waitFor(
      async () => {
        const page = (await call(base, 'GET', `/reminders?clientId=${String(client.id)}&limit=200`, again)) as {
          items: Array<{ status: string }>;
        };
        return page.items.filter((item) => item.status === 'sent').length === REMINDERS;
      },
      30_000,
      'every reminder to read sent',
    );

    const counts = countByKey(sms.requests);
    const sentTwice = [...counts.entries()].filter(([, n]) => n > 1).map(([key]) => key);
    // Only a message whose call was under way when the process died may be sent again: at most one per delivery lane.
    expect(sentTwice.length).toBeLessThanOrEqual(CONCURRENCY);
    const firstRun = new Set(sms.requests.slice(0, beforeKill).map((request) => request.idempotencyKey));
    for (const key of sentTwice) expect(firstRun.has(key)).toBe(true);
    expect([...counts.keys()].sort()).toEqual([...ids].sort());
  }, 180_000);
});

/** How many requests each idempotency key got. */
function countByKey(requests: SmsRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(request.idempotencyKey, (counts.get(request.idempotencyKey) ?? 0) + 1);
  return counts;
}
