import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EntityManager } from 'typeorm';

/**
 * The connection of `em`'s transaction when it is PostgreSQL reached through
 * `pg`, for what only that protocol offers (COPY FROM STDIN); null on
 * embedded PGlite or outside a transaction.
 */
export async function pgConnectionOf(em: EntityManager): Promise<Client | null> {
  if (!em.queryRunner) return null;
  const connection: unknown = await em.queryRunner.connect();
  return connection instanceof Client ? connection : null;
}

/**
 * Streams `source` into `statement` (a `COPY ... FROM STDIN`) on `connection`
 * with `pg-copy-streams`, chunk by chunk as the source produces them and
 * waiting whenever the connection is behind, so memory holds a few chunks at
 * most. If the source fails, the COPY is cancelled (CopyFail) and the source's
 * error is thrown; the transaction around it can then only roll back.
 * Resolves to the number of rows copied.
 */
export async function copyIn(connection: Client, statement: string, source: AsyncIterable<string>): Promise<number> {
  const stream = connection.query(copyFrom(statement));
  await pipeline(source, stream);
  return stream.rowCount;
}
