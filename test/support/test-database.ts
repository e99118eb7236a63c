import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PGliteInstance } from 'typeorm-pglite/dist/pglite-instance';
import { dataSourceOptions, loadConfig } from '@tongban/platform';
import { runMigrations } from '@tongban/platform/database/run-migrations';

const ROOT = process.cwd();
const MIGRATIONS_DIR = join(ROOT, 'libs/platform/src/database/migrations');
/** Removed with node_modules (npm ci), so an image never outlives the PGlite version that wrote it. */
const IMAGE_DIR = join(ROOT, 'node_modules/.cache/tongban-test');
/** Any constant; the suites that create the migrated template take turns through this lock. */
const TEMPLATE_LOCK = 720_002;

/**
 * What a migrated database depends on: the migrations' sources and the
 * PGlite version (whose data directory format an image is in). A change to
 * either gives a new template and a new image.
 */
function migrationsVersion(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  hash.update(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json')));
  return hash.digest('hex').slice(0, 16);
}

async function withClient<T>(serverUrl: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * With DATABASE_URL set, each suite gets a database of its own on that
 * server (created here, dropped afterwards), so suites never see each other's
 * rows. Without it, the app runs on in-memory PGlite.
 *
 * Commits on it are asynchronous (`synchronous_commit` off): what a suite
 * reads back is the same, only a crash of the server could lose its last
 * writes.
 *
 * `migrated`: a copy of a template database that the migrations ran on once
 * (`CREATE DATABASE … TEMPLATE`, a file copy), instead of an empty one that
 * the app migrates as it starts.
 */
export async function createSuiteDatabase(
  serverUrl: string,
  { migrated = false }: { migrated?: boolean } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tongban_test_${randomBytes(6).toString('hex')}`;
  const template = migrated ? await migratedTemplate(serverUrl) : undefined;
  await withClient(serverUrl, async (admin) => {
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
    // A suite's database need not survive a crash of the server: a commit does not wait for its WAL to reach the
    // disk (about 6 ms a commit on the development machine, on every write a suite makes).
    await admin.query(`ALTER DATABASE ${name} SET synchronous_commit TO off`);
  });
  return {
    url: databaseUrl(serverUrl, name),
    drop: () => withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * The name of the migrated template database on this server, created and
 * migrated by the first suite that needs it (the others wait on a lock).
 * Nothing connects to it afterwards, as `CREATE DATABASE … TEMPLATE` requires.
 */
async function migratedTemplate(serverUrl: string): Promise<string> {
  const name = `tongban_template_${migrationsVersion()}`;
  await withClient(serverUrl, async (admin) => {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const found = await admin.query<{ datistemplate: boolean }>('SELECT datistemplate FROM pg_database WHERE datname = $1', [name]);
      if (found.rows[0]?.datistemplate) return;
      // A template left half-made by an interrupted run is made again.
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.query(`ALTER DATABASE ${name} SET synchronous_commit TO off`);
      await migrate({ DATABASE_URL: databaseUrl(serverUrl, name) }, false);
      await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return name;
}

/**
 * An image of an in-memory PGlite data directory after every migration (a
 * tar file), for `TONGBAN_EMBEDDED_IMAGE`: loading it takes less time than
 * PGlite's initdb followed by the migrations. Written once per version of
 * the migrations, by the first suite that needs it.
 */
export async function embeddedImage(): Promise<string> {
  const path = join(IMAGE_DIR, `pglite-${migrationsVersion()}.tar`);
  if (existsSync(path)) return path;
  await migrate({ TONGBAN_EMBEDDED_IN_MEMORY: '1' }, true, async () => {
    const image = await (await PGliteInstance.getInstance()).dumpDataDir('none');
    mkdirSync(IMAGE_DIR, { recursive: true });
    // Written under a name of its own and renamed: suites in other workers never read half an image.
    const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, Buffer.from(await image.arrayBuffer()));
    renameSync(partial, path);
  });
  return path;
}

/** Runs every migration on the database `env` names (the secrets are given so that nothing is written to DATA_DIR), then `after`. */
async function migrate(env: Record<string, string>, embedded: boolean, after?: () => Promise<void>): Promise<void> {
  const secrets = { JWT_SECRET: randomBytes(32).toString('hex'), DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...secrets, ...env });
  const dataSource = await new DataSource(dataSourceOptions(config, [])).initialize();
  try {
    await runMigrations(dataSource, embedded);
    await after?.();
  } finally {
    await dataSource.destroy();
  }
}
