import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface BenchDatabase {
  name: string;
  url: string;
  drop: () => Promise<void>;
}

/** Runs `work` with one connection to `url`, closing it afterwards. */
export async function withConnection<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'tongban-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database on the server of `serverUrl` (as test/support/test-database.ts
 * makes one per suite); Tongban migrates it at start-up, `drop` removes it.
 */
export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `tongban_bench_${randomBytes(6).toString('hex')}`;
  await withConnection(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await withConnection(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Before each server is measured: fresh statistics, no dead rows left over, no checkpoint pending. */
export async function settle(url: string): Promise<void> {
  await withConnection(url, async (client) => {
    await client.query('VACUUM ANALYZE');
    // CHECKPOINT needs a superuser or pg_checkpoint; without either, a checkpoint may land inside a run.
    await client.query('CHECKPOINT').catch((error: { code?: string }) => {
      if (error.code !== '42501') throw error;
    });
  });
}
