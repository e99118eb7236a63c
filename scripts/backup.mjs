// npm run backup -- <directory> [DATA_DIR]
// Backs up the embedded database and its key file (secrets.json) into one file
// under <directory>: tongban-backup-<time>.json (mode 0600: it holds the keys).
// The data directory is copied first (the API may keep running), the copy is
// opened (PostgreSQL recovers it from its write-ahead log as after a crash) and
// checked, and PGlite's dumpDataDir() of the recovered copy is what is kept.
// For PostgreSQL, use pg_dump (docs/operations.md).
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

export const BACKUP_FORMAT = 'tongban-embedded-backup-1';

export async function backup(targetDir, dataDir) {
  const pgdata = join(dataDir, 'pgdata');
  const secretsFile = join(dataDir, 'secrets.json');
  if (!existsSync(pgdata)) throw new Error(`no embedded database in ${dataDir} (${pgdata} is missing)`);
  const secrets = existsSync(secretsFile) ? JSON.parse(readFileSync(secretsFile, 'utf8')) : null;
  const work = mkdtempSync(join(tmpdir(), 'tongban-backup-'));
  try {
    const copy = join(work, 'pgdata');
    cpSync(pgdata, copy, { recursive: true });
    const db = new PGlite({ dataDir: copy });
    const { rows } = await db.query('SELECT count(*)::int AS n FROM schema_migration');
    await db.query('CHECKPOINT');
    const dump = await db.dumpDataDir('gzip');
    await db.close();
    const createdAt = new Date().toISOString();
    mkdirSync(targetDir, { recursive: true });
    const file = join(targetDir, `tongban-backup-${createdAt.replace(/[:.]/g, '-')}.json`);
    const envelope = {
      format: BACKUP_FORMAT,
      createdAt,
      migrations: rows[0].n,
      secrets,
      pgdata: Buffer.from(await dump.arrayBuffer()).toString('base64'),
    };
    writeFileSync(file, JSON.stringify(envelope), { mode: 0o600 });
    chmodSync(file, 0o600);
    return file;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [target, dataDir = process.env.DATA_DIR ?? './data'] = process.argv.slice(2);
  if (!target) {
    console.error('usage: npm run backup -- <directory> [DATA_DIR]');
    process.exit(2);
  }
  backup(resolve(target), resolve(dataDir)).then(
    (file) => console.log(`backup written: ${file}`),
    (error) => {
      console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
