import { randomBytes } from 'node:crypto';
import { Role } from '@tongban/platform';
import { Client } from 'pg';
import { makeClient, makeClinic, makeStaff, signInAdmin } from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { createSuiteDatabase } from './support/test-database';

/** The PostgreSQL server (roles are PostgreSQL's; the embedded database has one user). */
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The API runs as a role that does not own the tables (DATABASE_URL), and
 * migrations run as the owner (DATABASE_OWNER_URL): so whoever holds the
 * application's credentials cannot switch off the audit trail's append-only
 * trigger, nor change or delete audit events.
 */
describe('the application database role', () => {
  const appRole = `tongban_app_${randomBytes(4).toString('hex')}`;
  const appPassword = randomBytes(12).toString('hex');
  /** One set of secrets for both starts: the second must open what the first sealed. */
  const secrets = { JWT_SECRET: randomBytes(32).toString('hex'), DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  let database: { url: string; drop: () => Promise<void> };
  let appUrl: string;
  let t: TestApp;
  let app: Client;

  async function asServer(sql: string): Promise<void> {
    const admin = new Client({ connectionString: SERVER_URL });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  }

  beforeAll(async () => {
    await asServer(`CREATE ROLE ${appRole} LOGIN PASSWORD '${appPassword}'`);
    database = await createSuiteDatabase(SERVER_URL);
    const url = new URL(database.url);
    url.username = appRole;
    url.password = appPassword;
    appUrl = url.toString();
    t = await startTestApp({ ...secrets, DATABASE_URL: appUrl, DATABASE_OWNER_URL: database.url });
    app = new Client({ connectionString: appUrl });
    await app.connect();
  });

  afterAll(async () => {
    await app?.end();
    await t?.close();
    await database?.drop();
    await asServer(`DROP ROLE IF EXISTS ${appRole}`);
  });

  it('serves the API as the application role, which owns no table', async () => {
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    await makeClient(t, coordinator);
    const { rows } = await app.query<{ user: string; owned: number }>(
      `SELECT current_user AS user, count(*)::int AS owned FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user`,
    );
    expect(rows[0]).toEqual({ user: appRole, owned: 0 });
    const verified = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
    expect(verified.body).toMatchObject({ ok: true });
  });

  it.each([
    ['disable the append-only trigger', 'ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only'],
    ['update an audit event', `UPDATE audit_event SET action = 'nothing.happened'`],
    ['delete audit events', 'DELETE FROM audit_event'],
    ['truncate the audit trail', 'TRUNCATE audit_event'],
    ['drop a table', 'DROP TABLE client CASCADE'],
    ['record a migration', `INSERT INTO schema_migration (timestamp, name) VALUES (1, 'x')`],
  ])('refuses the application role to %s', async (_what, sql) => {
    await expect(app.query(sql)).rejects.toMatchObject({ code: expect.stringMatching(/^42501$/) });
  });

  it('starts again on the migrated database as the application role alone', async () => {
    const again = await startTestApp({ ...secrets, DATABASE_URL: appUrl });
    try {
      await again.http.get('/health/ready').expect(200);
    } finally {
      await again.close();
    }
  });
});
