import { randomUUID } from 'node:crypto';
import { Role } from '@tongban/platform';
import type { Response } from 'supertest';
import { ClientRecord, makeClient, makeClinic, makeStaff, signIn, signInAdmin, SignedIn, STAFF_PASSWORD } from './factories';
import { listRoutes, RouteDeclaration } from './support/routes';
import { startTestApp, TestApp } from './support/test-app';
import { startFreezableProxy, FreezableProxy } from './support/freezable-proxy';
import { createSuiteDatabase } from './support/test-database';
import { Client } from 'pg';

/**
 * Input a client can send that PostgreSQL cannot take (issue 16, item 1):
 * NUL bytes, unpaired surrogates, tampered cursors, instants outside any
 * clinic's calendar. Each is a 400 VALIDATION_FAILED, never a 5xx, on every
 * route and for every role that reaches the route's SQL.
 */

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const SOME_ID = '00000000-0000-4000-8000-000000000000';

/** Cursors no list gave out, each aimed at a different way a forged one could reach SQL. */
const TAMPERED_CURSORS: Array<[label: string, cursor: string]> = [
  ['an id of 36 dashes', encode(['2026-01-01', '-'.repeat(36)])],
  ['an id of 36 dashes and a text key', encode(['abc', '-'.repeat(36)])],
  ['a text key where a date or instant is expected', encode(['not a date', SOME_ID])],
  ['a key with a NUL byte', encode(['a\u0000b', SOME_ID])],
  ['a key of year -271821', encode(['-271821-04-20T00:00:00.000Z', SOME_ID])],
  ['a key of year 10000', encode(['+010000-01-01T00:00:00.000Z', SOME_ID])],
  ['a date key of year 0', encode(['0000-01-01', SOME_ID])],
  ['a numeric key', encode([12, SOME_ID])],
  ['a pair key with text', encode(['x|y', SOME_ID])],
  ['garbage base64', 'AAAA____!!!!'],
  ['base64 of invalid UTF-8', Buffer.from([0xff, 0xfe, 0xfd]).toString('base64url')],
  ['base64 of a JSON object', encode({ key: '2026-01-01', id: SOME_ID })],
];

const BAD_INSTANTS = ['-271821-04-20T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '10000-01-01', '+010000-01-01T00:00:00Z', '1000-01-01'];

function problemCode(res: Response): string | undefined {
  return (res.body as { code?: string }).code;
}

/** A path with its parameters filled: a client's id where the route names one, a random UUID elsewhere. */
function fill(route: RouteDeclaration, clientId: string): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) =>
    name === 'id' && route.path.startsWith('/api/v1/clients/') ? clientId : randomUUID(),
  );
}

/** Tests that send requests to every route, one after another: their time grows with the routes (not a performance check). */
const ROUTE_SWEEP_MS = 5 * 60_000;

describe('input PostgreSQL cannot store', () => {
  let t: TestApp;
  let admin: SignedIn;
  let callers: SignedIn[];
  let client: ClientRecord;
  let routes: RouteDeclaration[];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    callers = [
      admin,
      coordinator,
      await makeStaff(t, admin, Role.Counselor, clinic.id),
      await makeStaff(t, admin, Role.Physician, clinic.id),
      await makeStaff(t, admin, Role.Nurse, clinic.id),
      await makeStaff(t, admin, Role.PeerLeader, clinic.id),
    ];
    client = await makeClient(t, coordinator);
    routes = listRoutes(t.app);
  });
  afterAll(() => t.close());

  it('answers 400 VALIDATION_FAILED to a NUL byte in the login username and password', async () => {
    for (const body of [
      { username: 'ad\u0000min', password: 'whatever-password' },
      { username: 'admin', password: 'pass\u0000word-long' },
      { username: '\ud800admin', password: 'whatever-password' },
    ]) {
      const res = await t.http.post('/api/v1/auth/login').send(body);
      expect([res.status, problemCode(res)]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it(
    'answers 400 VALIDATION_FAILED to a NUL byte in q and every other query string, on every route',
    async () => {
      const lists = routes.filter((route) => route.method === 'GET');
      const failures: string[] = [];
      for (const route of lists) {
        for (const query of ['q=a%00b', 'status=%00', 'from=2026-01-01%00', 'cursor=%00']) {
          const res = await t.http.get(`${fill(route, client.id)}?${query}`).set(callers[1].auth);
          if (res.status !== 400 || problemCode(res) !== 'VALIDATION_FAILED') failures.push(`${route.path}?${query}: ${res.status}`);
        }
      }
      expect(failures).toEqual([]);
    },
    ROUTE_SWEEP_MS,
  );

  it(
    'answers 400 VALIDATION_FAILED to a NUL byte in any string field of a body, and to one in a property name',
    async () => {
      const writes = routes.filter((route) => ['POST', 'PATCH', 'PUT'].includes(route.method));
      const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>>;
        components: { schemas: Record<string, { properties?: Record<string, { type?: string }> }> };
      };
      const failures: string[] = [];
      for (const route of writes) {
        const documented = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
        const ref = documented?.requestBody?.content?.['application/json']?.schema?.$ref;
        const properties = ref ? (doc.components.schemas[ref.split('/').pop()!]?.properties ?? {}) : {};
        const fields = Object.entries(properties)
          .filter(([, schema]) => schema.type === 'string' || schema.type === undefined)
          .map(([name]) => name);
        const bodies = [...fields.map((name) => ({ [name]: 'x\u0000y' })), { ['k\u0000']: 1 }, { note: 'x\udc00y' }];
        for (const body of bodies) {
          for (const caller of [callers[1], callers[2]]) {
            const res = await t.http[route.method.toLowerCase() as 'post'](fill(route, client.id)).set(caller.auth).send(body);
            if (res.status !== 400 || problemCode(res) !== 'VALIDATION_FAILED') {
              failures.push(`${route.method} ${route.path} ${JSON.stringify(Object.keys(body))}: ${res.status}`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
    },
    ROUTE_SWEEP_MS,
  );

  it(
    'refuses tampered cursors on every list with a 4xx, never a 5xx, for every role',
    async () => {
      const lists = routes.filter((route) => route.method === 'GET');
      let refused = 0;
      const failures: string[] = [];
      for (const route of lists) {
        for (const caller of callers) {
          for (const [label, cursor] of TAMPERED_CURSORS) {
            const res = await t.http.get(fill(route, client.id)).query({ cursor }).set(caller.auth);
            if (res.status >= 500) failures.push(`${route.path} as ${caller.role}, ${label}: ${res.status}`);
            // A text key is a fair position in a list ordered by text (codes, names); nothing forged may reach SQL as a 5xx.
            if (res.status === 400 && problemCode(res) === 'VALIDATION_FAILED') refused += 1;
          }
        }
      }
      expect(failures).toEqual([]);
      expect(refused).toBeGreaterThan(100);
    },
    ROUTE_SWEEP_MS,
  );

  it('answers 400 VALIDATION_FAILED to dates and instants outside the years 1900 to 2200, in bodies and queries', async () => {
    const failures: string[] = [];
    for (const instant of BAD_INSTANTS) {
      const bodies: Array<[string, string, object]> = [
        ['post', '/api/v1/clients', { givenName: 'A', familyName: 'B', dateOfBirth: instant, sex: 'male', intakeDate: '2026-01-01' }],
        ['post', `/api/v1/clients/${client.id}/consents`, { scope: 'peer_support', validFrom: instant }],
        [
          'post',
          '/api/v1/reminders',
          { clientId: client.id, kind: 'appointment', channel: 'sms', sendAt: instant, appointmentAt: instant },
        ],
        ['post', `/api/v1/clients/${client.id}/counseling-sessions`, { date: '2026-01-01', nextAppointmentAt: instant }],
      ];
      for (const [method, path, body] of bodies) {
        const res = await t.http[method as 'post'](path).set(callers[2].auth).send(body);
        if (res.status !== 400 || problemCode(res) !== 'VALIDATION_FAILED') failures.push(`${path} ${instant}: ${res.status}`);
      }
      for (const path of ['/api/v1/reports/dosing', '/api/v1/reports/retention', '/api/v1/audit-events', '/api/v1/reminders']) {
        const res = await t.http.get(path).query({ from: instant, to: instant }).set(callers[1].auth);
        if (res.status !== 400 || problemCode(res) !== 'VALIDATION_FAILED') failures.push(`${path}?from=${instant}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers a 4xx, never a 5xx, to malformed CSV in the dosing history import', async () => {
    const coordinator = callers[1];
    const header = 'client_code,clinic_day,dose_mg,kind';
    const bodies = [
      `${header}\n"unterminated,2026-01-01,60,observed`,
      `${header}\n${client.code},2026-01-01,60,observed,extra,columns`,
      `${header}\n${client.code},-271821-04-20,60,observed`,
      `${header}\n${client.code},10000-01-01,60,observed`,
      `${header}\n${client.code},2026-02-30,60,observed`,
      `${header}\n${client.code}\u0000,2026-01-01,60,observed`,
      `${header}\n${client.code},2026-01-01,1e999,observed`,
      `${header}\n${client.code},2026-01-01,60,"obs""erved`,
      `\u0000\u0000\u0000`,
      '"a""b',
    ];
    const failures: string[] = [];
    for (const csv of bodies) {
      const res = await t.http.post('/api/v1/imports/dosing-history').set(coordinator.auth).set('Content-Type', 'text/csv').send(csv);
      if (res.status < 400 || res.status >= 500) failures.push(`${JSON.stringify(csv.slice(0, 60))}: ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('sign-in and password throttles, and deactivated sessions', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinicId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    clinicId = (await makeClinic(t, admin)).id;
  });
  afterAll(() => t.close());

  /** How many times a password was checked and found wrong for `staffId`: each check writes one such event. */
  async function checked(action: string, staffId: string): Promise<number> {
    const rows = await t.dataSource.query<Array<{ n: number }>>(
      'SELECT count(*)::int AS n FROM audit_event WHERE action = $1 AND target_id = $2',
      [action, staffId],
    );
    return rows[0].n;
  }

  it('checks at most 10 of 50 concurrent wrong sign-ins for one username and answers the rest 429', async () => {
    const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.http.post('/api/v1/auth/login').send({ username: nurse.username, password: `wrong-${i}-password` }),
      ),
    );
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(40);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(await checked('auth.login_failed', nurse.id)).toBeLessThanOrEqual(10);
    // The lock holds for the right password too.
    await t.http.post('/api/v1/auth/login').send({ username: nurse.username, password: STAFF_PASSWORD }).expect(429);
  });

  it('throttles wrong current passwords at POST /auth/password as sign-ins are, and audits every attempt', async () => {
    const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.http
          .post('/api/v1/auth/password')
          .set(nurse.auth)
          .send({ currentPassword: `wrong-current-${i}`, newPassword: 'a brand new password' }),
      ),
    );
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((s) => s === 422).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
    expect((answers.find((res) => res.status === 429)?.body as { code: string }).code).toBe('RATE_LIMITED');
    // The right current password is refused while the lock holds.
    await t.http
      .post('/api/v1/auth/password')
      .set(nurse.auth)
      .send({ currentPassword: STAFF_PASSWORD, newPassword: 'a brand new password' })
      .expect(429);
    expect(await checked('auth.password_change_failed', nurse.id)).toBe(31);
  });

  it('audits a password change, and a right current password clears the count', async () => {
    const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
    // The changes of the first sign-in (the factory keeps the given password) are already in the log.
    const changedBefore = await checked('auth.password_change', nurse.id);
    for (let i = 0; i < 9; i++) {
      await t.http
        .post('/api/v1/auth/password')
        .set(nurse.auth)
        .send({ currentPassword: `wrong-${i}-pass`, newPassword: 'another new password' })
        .expect(422);
    }
    await t.http
      .post('/api/v1/auth/password')
      .set(nurse.auth)
      .send({ currentPassword: STAFF_PASSWORD, newPassword: 'another new password' })
      .expect(204);
    expect(await checked('auth.password_change', nurse.id)).toBe(changedBefore + 1);
    expect(await checked('auth.password_change_failed', nurse.id)).toBe(9);
    for (let i = 0; i < 9; i++) {
      await t.http
        .post('/api/v1/auth/password')
        .set(nurse.auth)
        .send({ currentPassword: `wrong-${i}-pass`, newPassword: 'a third new password' })
        .expect(422);
    }
  });

  it('keeps tokens issued before a deactivation dead after the account is reactivated', async () => {
    const nurse = await makeStaff(t, admin, Role.Nurse, clinicId);
    await t.http.get('/api/v1/auth/me').set(nurse.auth).expect(200);
    await t.http.patch(`/api/v1/staff/${nurse.id}`).set(admin.auth).send({ active: false }).expect(200);
    await t.http.get('/api/v1/auth/me').set(nurse.auth).expect(401);
    await t.http.patch(`/api/v1/staff/${nurse.id}`).set(admin.auth).send({ active: true }).expect(200);
    await t.http.get('/api/v1/auth/me').set(nurse.auth).expect(401);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: nurse.refreshToken }).expect(401);
    // A new sign-in works.
    const again = await signIn(t, nurse.username, STAFF_PASSWORD);
    await t.http.get('/api/v1/auth/me').set(again.auth).expect(200);
  });
});

describe('the API description in production', () => {
  const production = {
    NODE_ENV: 'production',
    JWT_SECRET: 'Zq8rT2vW9xY4bN6mK1pL3sD5fG7hJ0aE',
    DATA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
  };

  it('is for signed-in staff only', async () => {
    const t = await startTestApp(production);
    try {
      for (const path of ['/api/docs', '/api/docs-json']) {
        const anonymous = await t.http.get(path);
        expect([anonymous.status, problemCode(anonymous)]).toEqual([401, 'UNAUTHENTICATED']);
        await t.http.get(path).set('Authorization', 'Bearer not-a-token').expect(401);
      }
      const admin = await signInAdmin(t);
      const doc = await t.http.get('/api/docs-json').set(admin.auth).expect(200);
      expect(doc.body).toHaveProperty('openapi');
      // A token whose session ended no longer opens it.
      await t.http.post('/api/v1/auth/logout').set(admin.auth).send({ refreshToken: admin.refreshToken }).expect(204);
      await t.http.get('/api/docs-json').set(admin.auth).expect(401);
    } finally {
      await t.close();
    }
  }, 120_000);

  it('is open to anyone with API_DOCS_PUBLIC=true', async () => {
    const open = await startTestApp({ ...production, API_DOCS_PUBLIC: 'true' });
    try {
      await open.http.get('/api/docs-json').expect(200);
    } finally {
      await open.close();
    }
  }, 120_000);
});

describe('time limits on PostgreSQL', () => {
  /** Statement and transaction limits are PostgreSQL settings: this suite always runs on a PostgreSQL server. */
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let database: { url: string; drop: () => Promise<void> };
  let t: TestApp;

  beforeAll(async () => {
    database = await createSuiteDatabase(serverUrl);
    t = await startTestApp({ DATABASE_URL: database.url, DATABASE_STATEMENT_TIMEOUT_MS: '1000' });
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  /**
   * Holds `table` locked from a second connection while `path` is read as `admin`: the read answers 503 UNAVAILABLE
   * within the statement limit, and 200 once the lock is gone.
   */
  async function unavailableWhileLocked(admin: SignedIn, table: string, path: string): Promise<void> {
    const blocker = new Client({ connectionString: database.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      const started = Date.now();
      const res = await t.http.get(path).set(admin.auth);
      expect([res.status, problemCode(res)]).toEqual([503, 'UNAVAILABLE']);
      expect(Date.now() - started).toBeLessThan(5_000);
      await blocker.query('ROLLBACK');
    } finally {
      await blocker.end();
    }
    await t.http.get(path).set(admin.auth).expect(200);
  }

  it('answers 503 UNAVAILABLE within the limit when a request waits on a stuck lock, and serves again once it is gone', async () => {
    const admin = await signInAdmin(t);
    await makeClinic(t, admin);
    await unavailableWhileLocked(admin, 'clinic', '/api/v1/clinics');
  });

  it('answers 503, not 401, when the session check itself waits on a stuck lock: a slow database signs no one out', async () => {
    await unavailableWhileLocked(await signInAdmin(t), 'auth_session', '/api/v1/auth/me');
  });

  it('sets the limits on every connection of the pool', async () => {
    const [row] = await t.dataSource.query<Array<{ statement: string; idle: string }>>(
      "SELECT current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle",
    );
    expect(row).toEqual({ statement: '1s', idle: '1s' });
  });
});

describe('a database that stops answering', () => {
  /** A frozen server (SIGSTOP, or a network gone quiet) cannot enforce its own limits: the request's deadline must. */
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const STATEMENT_MS = 1000;
  let database: { url: string; drop: () => Promise<void> };
  let proxy: FreezableProxy;
  let t: TestApp;

  beforeAll(async () => {
    database = await createSuiteDatabase(serverUrl);
    const url = new URL(database.url);
    proxy = await startFreezableProxy(url.hostname, Number(url.port || 5432));
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    t = await startTestApp({ DATABASE_URL: url.toString(), DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_MS) });
  });
  afterAll(async () => {
    proxy.thaw();
    await t.close();
    await proxy.close();
    await database.drop();
  });

  it('answers every request in flight 503 UNAVAILABLE within the deadline while frozen, and a write retried with its key after the thaw makes one record', async () => {
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    const key = randomUUID();
    const registration = { givenName: '冻', familyName: '测试', sex: 'female', dateOfBirth: '1985-03-01', intakeDate: '2026-01-05' };

    proxy.freeze();
    const started = Date.now();
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () => t.http.get('/api/v1/clients').set(coordinator.auth)),
      t.http.post('/api/v1/clients').set(coordinator.auth).set('Idempotency-Key', key).send(registration),
      t.http.post('/api/v1/auth/login').send({ username: 'nobody', password: 'not a password at all' }),
    ]);
    const waited = Date.now() - started;
    for (const res of answers) {
      expect([res.status, problemCode(res)]).toEqual([503, 'UNAVAILABLE']);
    }
    // The deadline is the statement limit plus two seconds; the answers may not wait for the thaw.
    expect(waited).toBeLessThan(STATEMENT_MS + 2000 + 3000);

    proxy.thaw();
    const retried = await retryUntil(async () => {
      const res = await t.http.post('/api/v1/clients').set(coordinator.auth).set('Idempotency-Key', key).send(registration);
      return res.status === 201 || res.status === 200 ? res : null;
    });
    const mine = await t.http.get('/api/v1/clients').set(coordinator.auth).expect(200);
    const ids = (mine.body as { items: Array<{ id: string }> }).items.map((c) => c.id);
    expect(ids).toEqual([(retried.body as { id: string }).id]);
  }, 60_000);
});

async function retryUntil<T>(attempt: () => Promise<T | null>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const result = await attempt();
    if (result !== null) return result;
    if (Date.now() > until) throw new Error('no answer before the time was up');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
