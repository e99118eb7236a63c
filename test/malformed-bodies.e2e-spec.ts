import { writeFileSync } from 'node:fs';
import { signInAdmin } from './factories';
import { startTestApp, TestApp } from './support/test-app';

describe('explore', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'error' });
  });
  afterAll(() => t.close());
  it('dumps', async () => {
    const admin = await signInAdmin(t);
    const out: unknown[] = [];
    const probe = async (label: string, r: any) => {
      const res = await r;
      out.push({ label, status: res.status });
    };
    for (const d of [1200, 1500, 2000, 2400]) {
      const arr = '['.repeat(d) + ']'.repeat(d);
      const obj = '{"a":'.repeat(d) + '1' + '}'.repeat(d);
      await probe('arr-unknown-nokey' + d, t.http.post('/api/v1/clinics').set(admin.auth).set('Content-Type', 'application/json').send('{"code":"AB","name":"x","a":' + arr + '}'));
      await probe('arr-unknown-key' + d, t.http.post('/api/v1/clinics').set(admin.auth).set('Idempotency-Key', 'a' + d).set('Content-Type', 'application/json').send('{"code":"AB","name":"x","a":' + arr + '}'));
      await probe('arr-name' + d, t.http.post('/api/v1/clinics').set(admin.auth).set('Content-Type', 'application/json').send('{"code":"AB","name":' + arr + '}'));
      await probe('obj-unknown' + d, t.http.post('/api/v1/clinics').set(admin.auth).set('Content-Type', 'application/json').send('{"code":"AB","name":"x","a":' + obj + '}'));
      await probe('obj-unknown-key' + d, t.http.post('/api/v1/clinics').set(admin.auth).set('Idempotency-Key', 'o' + d).set('Content-Type', 'application/json').send('{"code":"AB","name":"x","a":' + obj + '}'));
      await probe('arr-top' + d, t.http.post('/api/v1/clinics').set(admin.auth).set('Content-Type', 'application/json').send(arr));
      await probe('arr-login' + d, t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username":"x","password":' + arr + '}'));
      await probe('arr-me' + d, t.http.get('/api/v1/auth/me').set(admin.auth).set('Content-Type', 'application/json').send('{"username":"x","password":' + arr + '}'));
    }
    writeFileSync('/tmp/explore/out3.json', JSON.stringify(out));
  });
});
