import { Role } from '@tongban/platform';
import { ClinicsService } from '@tongban/clinics';
import type { Response } from 'supertest';
import { makeClinic, makeStaff, signInAdmin, SignedIn, unique, uniqueClinicCode } from './factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The problem+json contract of api.md ("Conventions"): every error answer has
 * the same shape, carries the request id, and never shows how the server is built.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const PROBLEM_KEYS = ['code', 'detail', 'errors', 'requestId', 'status', 'title', 'type'];

/** Asserts the problem+json shape of an error answer and returns its body. */
function expectProblem(res: Response, status: number, code: string): Record<string, unknown> {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), requestId: expect.any(String) });
  expect(body.code).toMatch(UPPER_SNAKE);
  expect(body.title).not.toBe('');
  expect(body.requestId).toBe(res.headers['x-request-id']);
  expect(PROBLEM_KEYS).toEqual(expect.arrayContaining(Object.keys(body)));
  expectNoInternals(res);
  return body;
}

/** No stack frames, file paths or library names in an answer. */
function expectNoInternals(res: Response): void {
  expect(res.text).not.toContain('    at ');
  expect(res.text).not.toContain('node_modules');
  expect(res.text).not.toMatch(/\.(?:ts|js):\d+/);
  expect(res.text).not.toMatch(/"stack"/);
}

describe('errors (problem+json)', () => {
  let t: TestApp;
  let admin: SignedIn;
  let nurse: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
  });
  afterAll(() => t.close());

  describe('shape', () => {
    it('answers 404 NOT_FOUND for an unknown path with exactly type, title, status, code, requestId and detail', async () => {
      const res = await t.http.get('/api/v1/no-such-thing').set(admin.auth);
      const body = expectProblem(res, 404, 'NOT_FOUND');
      expect(Object.keys(body).sort()).toEqual(['code', 'detail', 'requestId', 'status', 'title', 'type']);
      expect(body.type).toEqual(expect.any(String));
      expect(body.detail).toEqual(expect.any(String));
    });

    it('answers 404 NOT_FOUND for an unknown path without a token and for any method', async () => {
      expectProblem(await t.http.get('/api/v1/no-such-thing'), 404, 'NOT_FOUND');
      expectProblem(await t.http.post('/api/v1/no-such-thing').send({ a: 1 }), 404, 'NOT_FOUND');
      expectProblem(await t.http.delete('/api/v1/clinics').set(admin.auth), 404, 'NOT_FOUND');
      expectProblem(await t.http.get('/health/no-such-thing'), 404, 'NOT_FOUND');
    });

    it('answers 404 NOT_FOUND as problem+json for an unknown path outside /api/v1', async () => {
      for (const path of ['/', '/no-such-thing', '/api', '/health', '/favicon.ico']) {
        expectProblem(await t.http.get(path), 404, 'NOT_FOUND');
      }
    });

    it('answers 401 UNAUTHENTICATED without a token, with a malformed token and with a token signed with another secret', async () => {
      expectProblem(await t.http.get('/api/v1/clinics'), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http.get('/api/v1/clinics').set('Authorization', 'Bearer not-a-jwt'), 401, 'UNAUTHENTICATED');
      const [header, payload] = admin.accessToken.split('.');
      const forged = `${header}.${payload}.${Buffer.from('forged signature').toString('base64url')}`;
      expectProblem(await t.http.get('/api/v1/clinics').set('Authorization', `Bearer ${forged}`), 401, 'UNAUTHENTICATED');
    });

    it('answers 403 FORBIDDEN to a nurse on admin routes', async () => {
      const create = await t.http
        .post('/api/v1/clinics')
        .set(nurse.auth)
        .send({ code: uniqueClinicCode(), name: unique('Clinic') });
      expectProblem(create, 403, 'FORBIDDEN');
      expectProblem(await t.http.get('/api/v1/staff').set(nurse.auth), 403, 'FORBIDDEN');
      expectProblem(await t.http.get('/api/v1/audit-events/verify').set(nurse.auth), 403, 'FORBIDDEN');
    });
  });

  describe('request ids', () => {
    it('sends the body requestId in the X-Request-Id header, a fresh UUID for each request', async () => {
      const first = await t.http.get('/api/v1/no-such-thing');
      const second = await t.http.get('/api/v1/no-such-thing');
      expect(first.headers['x-request-id']).toMatch(UUID);
      expect(first.body.requestId).toBe(first.headers['x-request-id']);
      expect(second.body.requestId).toBe(second.headers['x-request-id']);
      expect(second.body.requestId).not.toBe(first.body.requestId);
    });

    it('sends an X-Request-Id header on successful answers too', async () => {
      const res = await t.http.get('/api/v1/auth/me').set(admin.auth).set('X-Request-Id', 'me-request-1').expect(200);
      expect(res.headers['x-request-id']).toBe('me-request-1');
    });

    it.each([
      ['a short id', 'abc-123'],
      ['dots, colons and underscores', 'web.app:req_42'],
      ['100 characters', 'r'.repeat(100)],
    ])('echoes a sane incoming X-Request-Id (%s) in the header and the body', async (_label, id) => {
      const res = await t.http.get('/api/v1/no-such-thing').set('X-Request-Id', id);
      expect(res.headers['x-request-id']).toBe(id);
      expect(res.body.requestId).toBe(id);
    });

    it.each([
      ['300 characters', 'r'.repeat(300)],
      ['101 characters', 'r'.repeat(101)],
      ['a space', 'abc 123'],
      ['a tab', 'abc\t123'],
      ['an encoded newline', 'abc%0D%0AX-Injected: 1'],
      ['markup', '<script>alert(1)</script>'],
      ['a non-ASCII letter', 'caf\u00e9'],
      ['nothing', ''],
    ])('replaces an insane incoming X-Request-Id (%s) with a fresh UUID', async (_label, id) => {
      const res = await t.http.get('/api/v1/no-such-thing').set('X-Request-Id', id);
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
      expect(res.headers['x-injected']).toBeUndefined();
    });
  });

  describe('validation', () => {
    it('answers 400 VALIDATION_FAILED naming an unknown property', async () => {
      const res = await t.http
        .post('/api/v1/clinics')
        .set(admin.auth)
        .send({ code: uniqueClinicCode(), name: unique('Clinic'), timeZone: 'Asia/Shanghai', colour: 'red' });
      const body = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual([{ field: 'colour', message: 'property colour should not exist', key: 'unknown' }]);
    });

    it('names every unknown property, and only the top-level name of an unknown nested object', async () => {
      const res = await t.http
        .post('/api/v1/clinics')
        .set(admin.auth)
        .send({ code: uniqueClinicCode(), name: unique('Clinic'), meta: { owner: { id: 1 } }, tags: [{ a: 1 }] });
      const body = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual(
        expect.arrayContaining([
          { field: 'meta', message: 'property meta should not exist', key: 'unknown' },
          { field: 'tags', message: 'property tags should not exist', key: 'unknown' },
        ]),
      );
      expect(body.errors).toHaveLength(2);
    });

    it('refuses an unknown property in a PATCH body and in a query string', async () => {
      const clinic = await makeClinic(t, admin);
      const patch = await t.http.patch(`/api/v1/clinics/${clinic.id}/settings`).set(admin.auth).send({ dropoutDays: 30, quietHours: {} });
      expect(expectProblem(patch, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'quietHours', message: 'property quietHours should not exist', key: 'unknown' },
      ]);
      const query = await t.http.get('/api/v1/clinics').query({ colour: 'red' }).set(admin.auth);
      expect(expectProblem(query, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'colour', message: 'property colour should not exist', key: 'unknown' },
      ]);
    });

    it('names each field of the wrong type without echoing the value sent', async () => {
      const res = await t.http
        .post('/api/v1/clinics')
        .set(admin.auth)
        .send({ code: 12345, name: ['secret-value'], timeZone: { zone: 1 } });
      const body = expectProblem(res, 400, 'VALIDATION_FAILED');
      const fields = new Set((body.errors as Array<{ field: string }>).map((e) => e.field));
      expect([...fields].sort()).toEqual(['code', 'name', 'timeZone']);
      expect(res.text).not.toContain('secret-value');
      expect(res.text).not.toContain('12345');
    });

    it('answers 400 VALIDATION_FAILED with a detail mentioning JSON for malformed JSON', async () => {
      const res = await t.http
        .post('/api/v1/clinics')
        .set(admin.auth)
        .set('Content-Type', 'application/json')
        .send('{"code": "AB", "name": ');
      const body = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(body.detail).toMatch(/JSON/);
      expect(res.text).not.toMatch(/Unexpected|position/i);
    });

    it('answers 400 VALIDATION_FAILED for malformed JSON before asking for a token', async () => {
      const res = await t.http.post('/api/v1/clinics').set('Content-Type', 'application/json').send('{oops}');
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').detail).toMatch(/JSON/);
    });

    it('answers 413 PAYLOAD_TOO_LARGE for a 1.5 MB body', async () => {
      const res = await t.http
        .post('/api/v1/clinics')
        .set(admin.auth)
        .send({ code: uniqueClinicCode(), name: 'x'.repeat(1_500_000) });
      const body = expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
      expect(body.detail).toMatch(/1 MB/);
    });

    it('answers 415 UNSUPPORTED_MEDIA_TYPE for JSON in a charset other than UTF-8', async () => {
      const res = await t.http
        .post('/api/v1/clinics')
        .set(admin.auth)
        .set('Content-Type', 'application/json; charset=latin1')
        .send(JSON.stringify({ code: uniqueClinicCode(), name: unique('Clinic') }));
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('no internals', () => {
    it('sends helmet security headers on success and error answers, and no X-Powered-By', async () => {
      for (const res of [
        await t.http.get('/api/v1/auth/me').set(admin.auth).expect(200),
        await t.http.get('/api/v1/no-such-thing'),
        await t.http.get('/health/live').expect(200),
      ]) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBeDefined();
        expect(res.headers['content-security-policy']).toBeDefined();
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('answers an unexpected error with 500 INTERNAL_ERROR and neither its message nor its stack', async () => {
      const clinics = t.app.get(ClinicsService);
      const original = clinics.list.bind(clinics);
      clinics.list = () => Promise.reject(new Error('secret failure in /work/main/node_modules/x/index.js:12'));
      try {
        const res = await t.http.get('/api/v1/clinics').set(admin.auth);
        const body = expectProblem(res, 500, 'INTERNAL_ERROR');
        expect(Object.keys(body).sort()).toEqual(['code', 'requestId', 'status', 'title', 'type']);
        expect(res.text).not.toContain('secret failure');
      } finally {
        clinics.list = original;
      }
      await t.http.get('/api/v1/clinics').set(admin.auth).expect(200);
    });

    it('answers an unexpected synchronous TypeError the same way', async () => {
      const clinics = t.app.get(ClinicsService);
      const original = clinics.list.bind(clinics);
      clinics.list = () => {
        throw new TypeError("Cannot read properties of undefined (reading 'secret')");
      };
      try {
        const res = await t.http.get('/api/v1/clinics').set(admin.auth);
        expectProblem(res, 500, 'INTERNAL_ERROR');
        expect(res.text).not.toContain('secret');
      } finally {
        clinics.list = original;
      }
    });

    it('never shows a stack trace in 400, 401, 403, 404 and 413 answers', async () => {
      const answers = [
        await t.http.post('/api/v1/clinics').set(admin.auth).set('Content-Type', 'application/json').send('{"a":'),
        await t.http.post('/api/v1/clinics').set(admin.auth).send({ code: [], name: {} }),
        await t.http.get('/api/v1/clinics/not-a-uuid').set(admin.auth),
        await t.http.get('/api/v1/clinics'),
        await t.http.get('/api/v1/staff').set(nurse.auth),
        await t.http.get('/api/v1/clinics/00000000-0000-4000-8000-000000000000').set(admin.auth),
        await t.http
          .post('/api/v1/clinics')
          .set(admin.auth)
          .send({ a: 'x'.repeat(1_100_000) }),
      ];
      expect(answers.map((res) => res.status)).toEqual([400, 400, 400, 401, 403, 404, 413]);
      answers.forEach(expectNoInternals);
    });
  });

  describe('Idempotency-Key', () => {
    const clinicBody = (): { code: string; name: string; timeZone: string } => ({
      code: uniqueClinicCode(),
      name: unique('Clinic'),
      timeZone: 'Asia/Shanghai',
    });

    async function clinicCodes(): Promise<string[]> {
      const res = await t.http.get('/api/v1/clinics').query({ limit: 200 }).set(admin.auth).expect(200);
      expect(res.body.nextCursor).toBeNull();
      return (res.body.items as Array<{ code: string }>).map((clinic) => clinic.code);
    }

    it('answers 400 naming the field Idempotency-Key when the key is longer than 100 characters', async () => {
      const body = clinicBody();
      const res = await t.http.post('/api/v1/clinics').set(admin.auth).set('Idempotency-Key', 'k'.repeat(101)).send(body);
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
      expect(await clinicCodes()).not.toContain(body.code);
    });

    it('answers 400 naming the field Idempotency-Key when the key is empty', async () => {
      const res = await t.http.post('/api/v1/clinics').set(admin.auth).set('Idempotency-Key', '').send(clinicBody());
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    });

    it('accepts a key of exactly 100 characters', async () => {
      await t.http
        .post('/api/v1/clinics')
        .set(admin.auth)
        .set('Idempotency-Key', unique('k').padEnd(100, 'k'))
        .send(clinicBody())
        .expect(201);
    });

    it('creates one clinic for the same key and body sent twice, and answers the same body both times', async () => {
      const key = unique('create-clinic');
      const body = clinicBody();
      const first = await t.http.post('/api/v1/clinics').set(admin.auth).set('Idempotency-Key', key).send(body).expect(201);
      const second = await t.http.post('/api/v1/clinics').set(admin.auth).set('Idempotency-Key', key).send(body).expect(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect((await clinicCodes()).filter((code) => code === body.code)).toHaveLength(1);
    });

    it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with a different body, creating nothing', async () => {
      const key = unique('reuse');
      await t.http.post('/api/v1/clinics').set(admin.auth).set('Idempotency-Key', key).send(clinicBody()).expect(201);
      const other = clinicBody();
      const res = await t.http.post('/api/v1/clinics').set(admin.auth).set('Idempotency-Key', key).send(other);
      expectProblem(res, 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(await clinicCodes()).not.toContain(other.code);
    });

    it('lets a key be used again after the request it came with failed', async () => {
      const key = unique('after-failure');
      const body = clinicBody();
      await t.http
        .post('/api/v1/clinics')
        .set(admin.auth)
        .set('Idempotency-Key', key)
        .send({ ...body, timeZone: 'Mars/Olympus_Mons' })
        .expect(400);
      await t.http.post('/api/v1/clinics').set(admin.auth).set('Idempotency-Key', key).send(body).expect(201);
    });

    it('keeps keys per user: another admin may use the same key for a different clinic', async () => {
      const otherAdmin = await makeStaff(t, admin, Role.Admin, null);
      const key = unique('shared-key');
      const mine = clinicBody();
      const theirs = clinicBody();
      await t.http.post('/api/v1/clinics').set(admin.auth).set('Idempotency-Key', key).send(mine).expect(201);
      await t.http.post('/api/v1/clinics').set(otherAdmin.auth).set('Idempotency-Key', key).send(theirs).expect(201);
      expect(await clinicCodes()).toEqual(expect.arrayContaining([mine.code, theirs.code]));
    });
  });
});
