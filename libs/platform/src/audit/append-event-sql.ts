import { sql, Sql } from '../database/sql';
import { contentDigest, EventContent, GENESIS_HASH, HASH_VERSION, linkHashSql } from './audit-chain';

export interface AppendOptions {
  /** A data-modifying statement with `RETURNING` that runs first; the event is appended only if it returned a row. */
  change?: Sql;
}

/**
 * One statement that appends an event to its chain (ADR 0002): it moves the
 * chain's head one on (creating the head on first use; the row stays locked
 * until the transaction ends), links the event to the head's previous hash
 * (version 2, the link made here from a content digest made in Node) and
 * inserts it.
 *
 * With `change`, a data-modifying statement with `RETURNING`, the change
 * runs first in the same statement and the event is appended only if the
 * change returned a row. Outside a transaction the change and its event then
 * commit together, and the head is held only while this one statement runs,
 * never across a round trip. The change's rows are written before the head is
 * locked (the head's insert reads them), so a change that waits on a unique
 * index never waits while holding the head.
 */
export function appendEventStatement(content: EventContent, { change }: AppendOptions = {}): Sql {
  const chain = sql`${content.chain}::varchar`;
  const digest = sql`${contentDigest(content)}::text`;
  const genesis = sql`${GENESIS_HASH}::text`;
  return sql`WITH ${change ? sql`change AS (${change}),` : sql.empty}
    head AS (
      INSERT INTO audit_chain_head AS h (chain, seq, hash, prev_hash)
      SELECT ${chain}, 1, ${linkHashSql(genesis, sql`1`, digest)}, ${genesis}
      ${change ? sql`FROM (SELECT 1 FROM change LIMIT 1) AS changed` : sql.empty}
      ON CONFLICT (chain) DO UPDATE SET seq = h.seq + 1, prev_hash = h.hash, hash = ${linkHashSql(sql`h.hash`, sql`h.seq + 1`, digest)}
      RETURNING seq, prev_hash, hash
    )
    INSERT INTO audit_event (id, chain, seq, occurred_at, actor_id, actor_role, clinic_id, client_id, client_ids, action,
                             target_type, target_id, grounds, details, request_id, prev_hash, hash, hash_version)
    SELECT ${content.id}::uuid, ${chain}, head.seq, ${content.occurredAt}::timestamptz, ${content.actorId}::uuid,
           ${content.actorRole}::varchar, ${content.clinicId}::uuid, ${content.clientId}::uuid, ${content.clientIds === null ? sql`NULL::uuid[]` : sql.uuids(content.clientIds)}, ${content.action}::varchar,
           ${content.targetType}::varchar, ${content.targetId}::varchar, ${content.grounds}::varchar,
           ${JSON.stringify(content.details ?? {})}::jsonb, ${content.requestId}::varchar, head.prev_hash, head.hash, ${HASH_VERSION}::int
      FROM head`;
}
