import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * With DATABASE_URL set, each suite gets a database of its own on that
 * server (created here, migrated by the app, dropped afterwards), so suites
 * never see each other's rows. Without it, the app runs on in-memory PGlite.
 */
export async function createSuiteDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tongban_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
