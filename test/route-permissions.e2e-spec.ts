import { Permission, ROLE_PERMISSIONS, ROLES } from '@tongban/platform';
import { listRoutes } from './support/routes';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Every route with the permission it declares. A change here is a change of
 * who may do what: review it as one (update with `npm test -- -u`).
 */
describe('route permissions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('declares access on every route', () => {
    const undeclared = listRoutes(t.app).filter((route) => route.access === 'UNDECLARED');
    expect(undeclared).toEqual([]);
  });

  it('matches the reviewed list of routes, permissions and the roles that hold them', () => {
    const holders = (access: string): string =>
      access === 'public' ? 'anyone' : ROLES.filter((role) => ROLE_PERMISSIONS[role].has(access as Permission)).join(', ');
    expect(
      listRoutes(t.app).map((route) => `${route.method.padEnd(6)} ${route.path}  ->  ${route.access} [${holders(route.access)}]`),
    ).toMatchSnapshot();
  });

  it('describes every route in the OpenAPI document', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    const documented = new Set(
      Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    for (const route of listRoutes(t.app)) {
      expect(documented).toContain(`${route.method} ${route.path}`);
    }
  });
});
