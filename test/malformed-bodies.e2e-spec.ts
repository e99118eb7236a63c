import { startTestApp, TestApp } from './support/test-app';
describe('explore', () => {
  let t: TestApp;
  beforeAll(async () => { process.env.NODE_ENV = 'development'; t = await startTestApp(); });
  afterAll(() => t.close());
  it('dumps', async () => {
    for (const [m, p] of [['get', '/%E0%A4%A'], ['get', '/health/%E0%A4%A'], ['get', '/api/docs/%E0%A4%A'], ['get', '/api/v1/%E0%A4%A'], ['get', '/api/v1/clinics/%E0%A4%A'], ['get', '/no-such-thing'], ['get', '/api/docs-json/%ZZ'], ['post', '/x'], ['get', '/api/v1/staff/%ZZ']] as const) {
      const res = await (t.http as any)[m](p).set('Content-Type', 'application/json').send('{"a":');
      console.log(m, p, res.status, res.headers['content-type'], JSON.stringify(res.text.slice(0, 300)));
      const res2 = await (t.http as any)[m](p);
      console.log(m, p, res2.status, res2.headers['content-type'], JSON.stringify(res2.text.slice(0, 600)));
    }
  });
});
