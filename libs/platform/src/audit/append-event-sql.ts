import { contentDigest, EventContent, GENESIS_HASH, HASH_VERSION, linkHashSql } from './audit-chain';

/** A SQL statement with its parameters (`$1`…). */
export interface SqlStatement {
  sql: string;
  params: unknown[];
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
export function appendEventStatement(content: EventContent, change?: SqlStatement): SqlStatement {
  const params = [...(change?.params ?? [])];
  const p = (value: unknown, type: string): string => `$${params.push(value)}::${type}`;
  const chain = p(content.chain, 'varchar');
  const digest = p(contentDigest(content), 'text');
  const genesis = p(GENESIS_HASH, 'text');
  const sql = `WITH ${change ? `change AS (${change.sql}),` : ''}
    head AS (
      INSERT INTO audit_chain_head AS h (chain, seq, hash, prev_hash)
      SELECT ${chain}, 1, ${linkHashSql(genesis, '1', digest)}, ${genesis}
      ${change ? 'FROM (SELECT 1 FROM change LIMIT 1) AS changed' : ''}
      ON CONFLICT (chain) DO UPDATE SET seq = h.seq + 1, prev_hash = h.hash, hash = ${linkHashSql('h.hash', 'h.seq + 1', digest)}
      RETURNING seq, prev_hash, hash
    )
    INSERT INTO audit_event (id, chain, seq, occurred_at, actor_id, actor_role, clinic_id, client_id, client_ids, action,
                             target_type, target_id, grounds, details, request_id, prev_hash, hash, hash_version)
    SELECT ${p(content.id, 'uuid')}, ${chain}, head.seq, ${p(content.occurredAt, 'timestamptz')}, ${p(content.actorId, 'uuid')},
           ${p(content.actorRole, 'varchar')}, ${p(content.clinicId, 'uuid')}, ${p(content.clientId, 'uuid')}, ${p(content.clientIds, 'uuid[]')}, ${p(content.action, 'varchar')},
           ${p(content.targetType, 'varchar')}, ${p(content.targetId, 'varchar')}, ${p(content.grounds, 'varchar')},
           ${p(JSON.stringify(content.details ?? {}), 'jsonb')}, ${p(content.requestId, 'varchar')}, head.prev_hash, head.hash, ${HASH_VERSION}
      FROM head`;
  return { sql, params };
}
