// npm run restore -- <backup file> [DATA_DIR]
// Restores a backup made by npm run backup into a DATA_DIR that holds no
// database yet: the embedded database and its key file (secrets.json, mode
// 0600). Start the app on that DATA_DIR afterwards.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { BACKUP_FORMAT } from './backup.mjs';

export async function restore(file, dataDir) {
  const envelope = JSON.parse(readFileSync(file, 'utf8'));
  if (envelope?.format !== BACKUP_FORMAT || typeof envelope.pgdata !== 'string') throw new Error(`${file} is not a Tongban backup`);
  const pgdata = join(dataDir, 'pgdata');
  if (existsSync(pgdata) && readdirSync(pgdata).length > 0)
    throw new Error(`${pgdata} already holds a database; restore into an empty DATA_DIR`);
  if (existsSync(join(dataDir, 'secrets.json')))
    throw new Error(`${dataDir} already holds keys (secrets.json); restore into an empty DATA_DIR`);
  mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const db = new PGlite({ dataDir: pgdata, loadDataDir: new Blob([Buffer.from(envelope.pgdata, 'base64')]) });
  const { rows } = await db.query('SELECT count(*)::int AS n FROM schema_migration');
  await db.close();
  if (rows[0].n !== envelope.migrations) throw new Error('the restored database does not match the backup');
  if (envelope.secrets) {
    const secretsFile = join(dataDir, 'secrets.json');
    writeFileSync(secretsFile, JSON.stringify(envelope.secrets, null, 2), { mode: 0o600 });
    chmodSync(secretsFile, 0o600);
  }
  return { migrations: rows[0].n, secrets: envelope.secrets !== null };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, dataDir = process.env.DATA_DIR ?? './data'] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npm run restore -- <backup file> [DATA_DIR]');
    process.exit(2);
  }
  restore(resolve(file), resolve(dataDir)).then(
    ({ secrets }) =>
      console.log(
        `restored into ${resolve(dataDir)}${secrets ? '' : ' (the backup holds no keys: set DATA_ENCRYPTION_KEY and JWT_SECRET as before)'}`,
      ),
    (error) => {
      console.error(`restore failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
