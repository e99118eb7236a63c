import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_DIR } from '@tongban/platform';
import { startTestApp, TestApp } from '../support/test-app';

describe('the web app served by the API at /', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('serves the app page at / and at any address a browser opens, with security headers', async () => {
    for (const path of ['/', '/dosing', '/clients/6b0c7a4e-0d7e-4f55-9c39-0a1cb1a1a001']) {
      const res = await t.http.get(path).set('Accept', 'text/html,application/xhtml+xml').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<div id="root"></div>');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      // A clinic network on plain HTTP must still load the scripts.
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves the bundled scripts with long caching', async () => {
    const script = readdirSync(join(WEB_DIR, 'assets')).find((file) => file.endsWith('.js'));
    const res = await t.http.get(`/assets/${script}`).expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('answers problem+json 404 to requests that do not ask for a page, and to missing assets', async () => {
    for (const [path, accept] of [
      ['/nothing-here', 'application/json'],
      ['/nothing-here', '*/*'],
      ['/assets/missing.js', 'text/html'],
      ['/api/v2/clients', 'text/html'],
    ]) {
      const res = await t.http.get(path).set('Accept', accept).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    await t.http.post('/dosing').set('Accept', 'text/html').expect(404);
  });
});
