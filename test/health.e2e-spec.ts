import { signInAdmin } from './factories';
import { startTestApp, TestApp } from './support/test-app';

describe('health and description', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers /health/live with 200', async () => {
    await t.http.get('/health/live').expect(200, { status: 'ok' });
  });

  it('answers /health/ready with the state of the database and the queue', async () => {
    const res = await t.http.get('/health/ready').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', queue: process.env.REDIS_URL ? 'up' : 'inline' });
  });

  it('serves the browsable API description and the OpenAPI 3 document without a token', async () => {
    const page = await t.http.get('/api/docs').expect(200);
    expect(page.text).toContain('swagger');
    const doc = await t.http.get('/api/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/clinics', '/api/v1/audit-events/verify']),
    );
  });

  it('answers 503 UNAVAILABLE, and /health/ready 503, when the database is gone', async () => {
    const admin = await signInAdmin(t);
    await t.dataSource.destroy();
    const ready = await t.http.get('/health/ready').expect(503);
    expect(ready.body).toMatchObject({ status: 'error', database: 'down' });
    const res = await t.http.get('/api/v1/clinics').set(admin.auth).expect(503);
    expect(res.body).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at /);
  });
});
