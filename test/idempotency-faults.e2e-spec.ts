import { createHash, randomUUID } from 'node:crypto';
import { Role } from '@tongban/platform';
import { Client } from 'pg';
import stringify from 'safe-stable-stringify';
import { clinicDay, makeClinic, makeStaff, signInAdmin, SignedIn } from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { createSuiteDatabase } from './support/test-database';

/** The PostgreSQL server whose connections the fault test kills (PGlite has none to kill). */
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const LEASE_SECONDS = 2;

/**
 * `Idempotency-Key` under faults (issue 16, item 12): the claim, the work and
 * the stored answer commit together, a claim whose holder is gone is taken
 * over after the lease, and no retry creates a second record.
 */
describe('Idempotency-Key under faults', () => {
  let t: TestApp;
  let admin: SignedIn;
  const saved = process.env.IDEMPOTENCY_LEASE_SECONDS;

  beforeAll(async () => {
    process.env.IDEMPOTENCY_LEASE_SECONDS = String(LEASE_SECONDS);
    t = await startTestApp();
    admin = await signInAdmin(t);
  });

  afterAll(async () => {
    await t?.close();
    if (saved === undefined) delete process.env.IDEMPOTENCY_LEASE_SECONDS;
    else process.env.IDEMPOTENCY_LEASE_SECONDS = saved;
  });

  const { newCounselor, body, post, clientsOf, openClaims, retryUntilAnswered } = {
    newCounselor: () => suiteHelpers(t, admin).newCounselor(),
    body: () => suiteHelpers(t, admin).body(),
    post: (c: SignedIn, k: string, p: object) => suiteHelpers(t, admin).post(c, k, p),
    clientsOf: (id: string) => suiteHelpers(t, admin).clientsOf(id),
    openClaims: (c: SignedIn) => suiteHelpers(t, admin).openClaims(c),
    retryUntilAnswered: (c: SignedIn, k: string, p: object, ms: number) => suiteHelpers(t, admin).retryUntilAnswered(c, k, p, ms),
  };

  it('creates one client for 50 concurrent requests with one key and answers every other one 409 in progress or the same record', async () => {
    const { counselor, clinicId } = await newCounselor();
    const key = randomUUID();
    const payload = body();
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(counselor, key, payload)));
    const created = answers.filter((res) => res.status === 201).map((res) => (res.body as { id: string }).id);
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created).size).toBe(1);
    for (const res of answers.filter((r) => r.status !== 201)) {
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
    }
    expect((await retryUntilAnswered(counselor, key, payload, 5000)).id).toBe(created[0]);
    expect(await clientsOf(clinicId)).toBe(1);
    expect(await openClaims(counselor)).toBe(0);
  });

  it('takes over a claim whose holder died before its work committed, once the lease has run out', async () => {
    const { counselor, clinicId } = await newCounselor();
    const key = randomUUID();
    const payload = body();
    // The claim a process left behind when it was killed mid-request: no work committed, no answer.
    await t.dataSource.query(
      `INSERT INTO idempotency_record (staff_id, key, request_hash, claim_token, claimed_at) VALUES ($1, $2, $3, gen_random_uuid(), now() - interval '1 minute')`,
      [counselor.id, key, hashOf(payload)],
    );
    const before = await clientsOf(clinicId);

    const retried = await post(counselor, key, payload);
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(await clientsOf(clinicId)).toBe(before + 1);
    const replayed = await post(counselor, key, payload).expect(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect((replayed.body as { id: string }).id).toBe((retried.body as { id: string }).id);
  });

  it('keeps a claim younger than the lease: a retry gets 409 in progress and creates nothing', async () => {
    const { counselor, clinicId } = await newCounselor();
    const key = randomUUID();
    const payload = body();
    await t.dataSource.query(
      `INSERT INTO idempotency_record (staff_id, key, request_hash, claim_token) VALUES ($1, $2, $3, gen_random_uuid())`,
      [counselor.id, key, hashOf(payload)],
    );
    const res = await post(counselor, key, payload).expect(409);
    expect(res.body).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
    expect(await clientsOf(clinicId)).toBe(0);
  });

  it('never does the work again for a claim whose work committed but whose answer was lost: 409 IDEMPOTENCY_ANSWER_LOST', async () => {
    const { counselor, clinicId } = await newCounselor();
    const key = randomUUID();
    const payload = body();
    await post(counselor, key, payload).expect(201);
    await t.dataSource.query(
      `UPDATE idempotency_record SET status_code = NULL, response_body = NULL, claimed_at = now() - interval '1 minute'
        WHERE staff_id = $1 AND key = $2`,
      [counselor.id, key],
    );
    const res = await post(counselor, key, payload).expect(409);
    expect(res.body).toMatchObject({ code: 'IDEMPOTENCY_ANSWER_LOST' });
    expect(await clientsOf(clinicId)).toBe(1);
  });

  it('releases the key when the request is refused with a 4xx, so the key may be used again', async () => {
    const { counselor, clinicId } = await newCounselor();
    const key = randomUUID();
    const refused = { ...body(), intakeDate: clinicDay(t, 5) };
    expect((await post(counselor, key, refused)).status).toBeGreaterThanOrEqual(400);
    expect(await openClaims(counselor)).toBe(0);
    await post(counselor, key, body()).expect(201);
    expect(await clientsOf(clinicId)).toBe(1);
  });
});

/** The request hash the interceptor stores for POST /api/v1/clients (method, URL and body). */
function hashOf(payload: object): string {
  return createHash('sha256')
    .update(`POST /api/v1/clients\n${stringify(payload) ?? ''}`)
    .digest('hex');
}

/** The same on PostgreSQL whatever the suite's database, since PGlite has no connections to kill. */
describe('Idempotency-Key when PostgreSQL connections are killed', () => {
  let t: TestApp;
  let admin: SignedIn;
  let database: { url: string; drop: () => Promise<void> };
  const saved = process.env.IDEMPOTENCY_LEASE_SECONDS;

  beforeAll(async () => {
    process.env.IDEMPOTENCY_LEASE_SECONDS = String(LEASE_SECONDS);
    database = await createSuiteDatabase(SERVER_URL);
    t = await startTestApp({ DATABASE_URL: database.url });
    admin = await signInAdmin(t);
  });

  afterAll(async () => {
    await t?.close();
    await database?.drop();
    if (saved === undefined) delete process.env.IDEMPOTENCY_LEASE_SECONDS;
    else process.env.IDEMPOTENCY_LEASE_SECONDS = saved;
  });

  const helpers = () => suiteHelpers(t, admin);

  it('leaves no stuck key and no duplicate when 50 concurrent requests with one key meet database connections being killed', async () => {
    const server = new Client({ connectionString: (t.dataSource.options as { url: string }).url });
    expect((t.dataSource.options as { url?: string }).url).toBeDefined();
    await server.connect();
    try {
      for (let round = 0; round < 4; round++) {
        const { counselor, clinicId } = await helpers().newCounselor();
        const key = randomUUID();
        const payload = helpers().body();
        let killing = true;
        let killed = 0;
        const killer = (async () => {
          await new Promise((resolve) => setTimeout(resolve, 5 + round * 10));
          while (killing) {
            const rows = await server.query<{ n: number }>(
              `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
                  WHERE datname = current_database() AND pid <> pg_backend_pid()`,
            );
            killed += rows.rows[0].n;
            await new Promise((resolve) => setTimeout(resolve, 15));
          }
        })();
        const answers = await Promise.all(Array.from({ length: 50 }, () => helpers().post(counselor, key, payload)));
        killing = false;
        await killer;
        expect(killed).toBeGreaterThan(0);
        for (const res of answers) expect([201, 409, 503]).toContain(res.status);
        const created = new Set(answers.filter((res) => res.status === 201).map((res) => (res.body as { id: string }).id));
        expect(created.size).toBeLessThanOrEqual(1);

        const answered = await helpers().retryUntilAnswered(counselor, key, payload, (LEASE_SECONDS + 10) * 1000);
        if (created.size === 1) expect(answered.id).toBe([...created][0]);
        expect(await helpers().clientsOf(clinicId)).toBe(1);
        expect(await helpers().openClaims(counselor)).toBe(0);
      }
    } finally {
      await server.end();
    }
  }, 120_000);
});

/** What the tests do through HTTP and read from the database of one app. */
function suiteHelpers(t: TestApp, admin: SignedIn) {
  async function newCounselor(): Promise<{ counselor: SignedIn; clinicId: string }> {
    const clinic = await makeClinic(t, admin);
    return { counselor: await makeStaff(t, admin, Role.Counselor, clinic.id), clinicId: clinic.id };
  }

  const body = () => ({ givenName: 'Mei', familyName: 'Li', dateOfBirth: '1980-05-17', sex: 'female', intakeDate: clinicDay(t, -3) });

  const post = (counselor: SignedIn, key: string, payload: object) =>
    t.http.post('/api/v1/clients').set(counselor.auth).set('Idempotency-Key', key).send(payload);

  async function clientsOf(clinicId: string): Promise<number> {
    const rows = await t.dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM client WHERE clinic_id = $1', [clinicId]);
    return rows[0].n;
  }

  async function openClaims(counselor: SignedIn): Promise<number> {
    const rows = await t.dataSource.query<Array<{ n: number }>>(
      'SELECT count(*)::int AS n FROM idempotency_record WHERE staff_id = $1 AND status_code IS NULL',
      [counselor.id],
    );
    return rows[0].n;
  }

  /** Retries (as a client would) until the key answers 201, for at most `ms`. */
  async function retryUntilAnswered(counselor: SignedIn, key: string, payload: object, ms: number): Promise<{ id: string }> {
    const deadline = Date.now() + ms;
    for (;;) {
      const res = await post(counselor, key, payload);
      if (res.status === 201) return res.body as { id: string };
      if (Date.now() > deadline) throw new Error(`key still answers ${res.status} ${JSON.stringify(res.body)}`);
      expect([409, 503]).toContain(res.status);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  return { newCounselor, body, post, clientsOf, openClaims, retryUntilAnswered };
}
