import { existsSync, readdirSync } from 'node:fs';
import { AddressInfo, connect, Socket } from 'node:net';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { Role } from '@tongban/platform';
import { ClientRecord, makeClient, makeClinic, makeStaff, signIn, signInAdmin, SignedIn, STAFF_PASSWORD } from './factories';
import { startTestApp, TestApp } from './support/test-app';

const HEADER = 'client_code,clinic_day,dose_mg,kind';
/** UPLOAD_IDLE_TIMEOUT_MS for this suite. */
const IDLE_MS = 5000;
/** IMPORT_CONCURRENCY for this suite. */
const LIMIT = 2;
/** More stalled uploads than the PostgreSQL pool has connections (20). */
const STALLED = 22;
/** How long an answer may take while uploads stall, for it to count as prompt. */
const PROMPT_MS = 1500;

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** When the answer was complete (ms since the epoch). */
  at: number;
}

/** A request written byte by byte on a socket of its own, whose body stops arriving after `sent`. */
interface Stalled {
  socket: Socket;
  /** When the last byte was written. */
  sentAt: number;
  /** The server's answer, once complete (null if the connection closed without one). */
  answer: Promise<RawAnswer | null>;
  /** When the server closed the connection. */
  closed: Promise<number>;
}

function parseAnswer(raw: Buffer): RawAnswer | null {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  if (raw.length < end + 4 + length) return null;
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: raw.subarray(end + 4, end + 4 + length).toString('utf8'),
    at: Date.now(),
  };
}

/** Sends the request line, the headers (announcing `declaredLength` bytes of body) and `sent`, then nothing more. */
async function stall(port: number, path: string, headers: Record<string, string>, declaredLength: number, sent: string): Promise<Stalled> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received = Buffer.alloc(0);
  const answer = new Promise<RawAnswer | null>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const parsed = parseAnswer(received);
      if (parsed) resolve(parsed);
    });
    socket.once('close', () => resolve(parseAnswer(received)));
  });
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  socket.on('error', () => undefined);
  const head = [
    `POST ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    ...Object.entries({ ...headers, 'Content-Length': String(declaredLength) }).map(([name, value]) => `${name}: ${value}`),
  ];
  await new Promise<void>((resolve) => socket.write(`${head.join('\r\n')}\r\n\r\n${sent}`, () => resolve()));
  return { socket, sentAt: Date.now(), answer, closed };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether `promise` has settled by now. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol('pending');
  return (await Promise.race([promise, new Promise((resolve) => setImmediate(() => resolve(pending)))])) !== pending;
}

describe('stalled uploads', () => {
  let t: TestApp;
  let port: number;
  let coordinatorA: SignedIn;
  let clientA: ClientRecord;
  let coordinatorB: SignedIn;
  let nurseB: SignedIn;
  let clientB: ClientRecord;

  beforeAll(async () => {
    t = await startTestApp({ UPLOAD_IDLE_TIMEOUT_MS: String(IDLE_MS), IMPORT_CONCURRENCY: String(LIMIT) });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    t.clock.set('2026-06-30T04:00:00Z');
    const admin = await signInAdmin(t);
    const clinicA = await makeClinic(t, admin);
    coordinatorA = await makeStaff(t, admin, Role.Coordinator, clinicA.id);
    clientA = await makeClient(t, coordinatorA, { intakeDate: '2026-06-01' });
    const clinicB = await makeClinic(t, admin);
    coordinatorB = await makeStaff(t, admin, Role.Coordinator, clinicB.id);
    nurseB = await makeStaff(t, admin, Role.Nurse, clinicB.id);
    clientB = await makeClient(t, coordinatorB, { intakeDate: '2026-06-01' });
  });
  afterAll(() => t.close());

  it('keeps other clinics answering while uploads stall, refuses imports beyond the limit, and ends the stalled ones after the idle limit', async () => {
    const rows = [`${clientA.code},2026-06-02,60,observed`, `${clientA.code},2026-06-03,60,observed`];
    const partial = `${HEADER}\n${rows.join('\n')}\n`;
    const uploads = await Promise.all(
      Array.from({ length: STALLED }, () =>
        stall(
          port,
          '/api/v1/imports/dosing-history',
          { Authorization: coordinatorA.auth.Authorization, 'Content-Type': 'text/csv' },
          100_000,
          partial,
        ),
      ),
    );

    // Beyond the limit: refused at once, with a time to come back.
    const answeredNow = async (): Promise<Stalled[]> => {
      const answered: Stalled[] = [];
      for (const upload of uploads) if (await settled(upload.answer)) answered.push(upload);
      return answered;
    };
    const waitUntil = Date.now() + 2 * PROMPT_MS;
    while ((await answeredNow()).length < STALLED - LIMIT && Date.now() < waitUntil) await sleep(50);
    const refused = await Promise.all((await answeredNow()).map((upload) => upload.answer as Promise<RawAnswer>));
    expect(refused).toHaveLength(STALLED - LIMIT);
    for (const answer of refused) {
      expect(answer.status).toBe(429);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.headers['retry-after']).toBe('30');
      expect(JSON.parse(answer.body)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    }
    const holding = [];
    for (const upload of uploads) if (!(await settled(upload.answer))) holding.push(upload);
    expect(holding).toHaveLength(LIMIT);

    // Everything else answers promptly, in another clinic and for the whole server.
    const timed = async <T>(work: () => Promise<T>): Promise<T> => {
      const started = Date.now();
      const result = await work();
      expect(Date.now() - started).toBeLessThan(PROMPT_MS);
      return result;
    };
    const signedIn = await timed(() => signIn(t, nurseB.username, STAFF_PASSWORD));
    const today = await timed(() => t.http.get('/api/v1/dosing/today').set(signedIn.auth).timeout(PROMPT_MS));
    expect(today.status).toBe(200);
    expect((today.body as { items: Array<{ clientId: string }> }).items.map((item) => item.clientId)).toContain(clientB.id);
    const ready = await timed(() => t.http.get('/health/ready').timeout(PROMPT_MS));
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', database: 'up' });
    // Another clinic's import meanwhile: refused for now, not left waiting.
    const busy = await timed(() =>
      t.http
        .post('/api/v1/imports/dosing-history')
        .set(coordinatorB.auth)
        .set('Content-Type', 'text/csv')
        .send(`${HEADER}\n${clientB.code},2026-06-02,60,observed`)
        .timeout(PROMPT_MS),
    );
    expect(busy.status).toBe(429);
    expect(busy.headers['retry-after']).toBe('30');
    // The stalled uploads were still waiting while all of that was answered.
    for (const upload of holding) expect(await settled(upload.answer)).toBe(false);

    // After the idle limit, the uploads that held a place are answered 408 and every stalled connection is closed.
    for (const upload of holding) {
      const answer = await upload.answer;
      expect(answer).not.toBeNull();
      expect(answer!.status).toBe(408);
      expect(answer!.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(answer!.body)).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
      expect(answer!.at - upload.sentAt).toBeGreaterThanOrEqual(IDLE_MS - 100);
    }
    for (const upload of uploads) {
      const closedAt = await upload.closed;
      expect(closedAt - upload.sentAt).toBeLessThan(IDLE_MS + 3000);
    }

    // Nothing of the stalled uploads was written: the same rows import now, once, and the places are free again.
    const imported = await t.http
      .post('/api/v1/imports/dosing-history')
      .set(coordinatorA.auth)
      .set('Content-Type', 'text/csv')
      .send(`${HEADER}\n${rows.join('\n')}`)
      .expect(200);
    expect(imported.body).toEqual({ imported: 2 });
    const doses = await t.http.get(`/api/v1/clients/${clientA.id}/doses`).set(coordinatorA.auth).expect(200);
    expect((doses.body as { items: Array<{ clinicDay: string }> }).items.map((dose) => dose.clinicDay).sort()).toEqual([
      '2026-06-02',
      '2026-06-03',
    ]);
    const uploadsDir = join(t.config.dataDir, 'uploads');
    expect(existsSync(uploadsDir) ? readdirSync(uploadsDir) : []).toEqual([]);
  }, 30_000);

  it('answers 408 and closes the connection when a JSON body stops arriving', async () => {
    const login = await stall(port, '/api/v1/auth/login', { 'Content-Type': 'application/json' }, 200, '{"username":"');
    const answer = await login.answer;
    expect(answer).not.toBeNull();
    expect(answer!.status).toBe(408);
    expect(JSON.parse(answer!.body)).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
    expect(answer!.at - login.sentAt).toBeGreaterThanOrEqual(IDLE_MS - 100);
    expect((await login.closed) - login.sentAt).toBeLessThan(IDLE_MS + 3000);
  }, 15_000);

  /**
   * Starts `request` while a transaction of the test holds `lock` (and, on the embedded database, its one
   * connection), checks after longer than the idle limit that it has not been answered, then lets go (also when a
   * check fails, so the suite can close) and returns the answer.
   */
  async function answeredAfterWaiting(lock: string, request: () => Promise<Response>): Promise<Response> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const held = t.dataSource.transaction(async (em) => {
      await em.query(lock);
      locked();
      await released;
    });
    await lockTaken;
    let answer: Promise<Response> | undefined;
    try {
      answer = request();
      answer.catch(() => undefined);
      await sleep(IDLE_MS + 1000);
      expect(await settled(answer)).toBe(false);
    } finally {
      release();
      await held;
    }
    return answer;
  }

  it('does not cut off an import that works longer than the idle limit once its body has arrived', async () => {
    // The body arrives at once; the import then waits for longer than the idle limit (as a large import's work takes).
    const res = await answeredAfterWaiting('LOCK TABLE dosing_visit IN EXCLUSIVE MODE', () =>
      t.http
        .post('/api/v1/imports/dosing-history')
        .set(coordinatorB.auth)
        .set('Content-Type', 'text/csv')
        .send(`${HEADER}\n${clientB.code},2026-06-04,60,observed`)
        .then((r) => r),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 1 });
  }, 20_000);

  it('does not count against an upload the time the server takes before it reads the body', async () => {
    // Checking the caller waits longer than the idle limit (sessions are locked) while a body larger than the
    // socket's buffers waits to be read.
    const rows = Array.from({ length: 100_000 }, (_, i) => `XX99-${String(i).padStart(6, '0')},2026-06-05,60,observed`);
    const res = await answeredAfterWaiting('LOCK TABLE auth_session IN ACCESS EXCLUSIVE MODE', () =>
      t.http
        .post('/api/v1/imports/dosing-history')
        .set(coordinatorB.auth)
        .set('Content-Type', 'text/csv')
        .send(`${HEADER}\n${rows.join('\n')}`)
        .then((r) => r),
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/^100000 row\(s\) fail/) });
  }, 30_000);

  it('reads the database up while a transaction holds the connection (an import at work)', async () => {
    const ready = await t.dataSource.transaction(async (em) => {
      await em.query('SELECT 1');
      return t.http.get('/health/ready').timeout(5000);
    });
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', database: 'up' });
  });
});
