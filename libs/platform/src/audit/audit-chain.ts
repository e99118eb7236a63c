import { createHash } from 'node:crypto';
import { sql, Sql } from '../database/sql';
import stringify from 'safe-stable-stringify';

export const GLOBAL_CHAIN = 'global';
export const GENESIS_HASH = '0'.repeat(64);

/**
 * How an event's hash is formed (ADR 0002), stored with each event:
 * - 1: SHA-256 over canonical JSON of every field, its position (seq) and its
 *   predecessor's hash included (events written before version 2);
 * - 2: a link, SHA-256 over `prevHash:seq:content`, where `content` is the
 *   SHA-256 of canonical JSON of the event's own fields. The content digest is
 *   made in Node before anything is locked; the link is made where the chain's
 *   head is read, in the same statement (see {@link linkHashSql});
 * - 3: as 2, the content also covering `clientIds` (the clients a list read
 *   showed, one event per read).
 */
export const HASH_VERSION = 3;

/** An event's own fields: what happened, who, when, on what. */
export interface EventContent {
  id: string;
  chain: string;
  occurredAt: Date;
  actorId: string | null;
  actorRole: string | null;
  clinicId: string | null;
  clientId: string | null;
  /** The clients a list read showed (sorted), or null for an event about one client or none. */
  clientIds: string[] | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  grounds: string | null;
  details: Record<string, unknown>;
  requestId: string | null;
}

/** The fields of an event that its hash covers: all of them but the hash itself. */
export interface ChainedFields extends EventContent {
  seq: string;
  prevHash: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Versions 2 and 3: SHA-256 over canonical (sorted-key) JSON of the event's own fields (3: `clientIds` too). */
export function contentDigest(content: EventContent, version: 2 | 3 = HASH_VERSION): string {
  const fields: unknown[] = [
    version,
    content.id,
    content.chain,
    content.occurredAt.toISOString(),
    content.actorId,
    content.actorRole,
    content.clinicId,
    content.clientId,
    content.action,
    content.targetType,
    content.targetId,
    content.grounds,
    content.details ?? {},
    content.requestId,
  ];
  if (version === 3) fields.push(content.clientIds ?? null);
  return sha256(stringify(fields) ?? '');
}

/** Versions 2 and 3: the link of an event to its predecessor and its position. */
export function linkHash(prevHash: string, seq: string, digest: string): string {
  return sha256(`${prevHash}:${seq}:${digest}`);
}

/** {@link linkHash} as a PostgreSQL expression over SQL expressions (the same bytes, the same digest). */
export function linkHashSql(prevHash: Sql, seq: Sql, digest: Sql): Sql {
  return sql`encode(sha256(convert_to(${prevHash} || ':' || (${seq})::text || ':' || ${digest}, 'UTF8')), 'hex')`;
}

/** Version 1: SHA-256 over a canonical (sorted-key) JSON of the event's fields. */
function legacyHash(fields: ChainedFields): string {
  return sha256(
    stringify([
      fields.id,
      fields.chain,
      String(fields.seq),
      fields.occurredAt.toISOString(),
      fields.actorId,
      fields.actorRole,
      fields.clinicId,
      fields.clientId,
      fields.action,
      fields.targetType,
      fields.targetId,
      fields.grounds,
      fields.details ?? {},
      fields.requestId,
      fields.prevHash,
    ]) ?? '',
  );
}

/** The hash an event must carry, by the version it was written with; null for a version this code does not know. */
export function eventHash(fields: ChainedFields, version: number = HASH_VERSION): string | null {
  if (version === 1) return legacyHash(fields);
  if (version === 2 || version === 3) return linkHash(fields.prevHash, String(fields.seq), contentDigest(fields, version));
  return null;
}

/** The chain an event belongs to: its clinic's, or the global one. */
export function chainOf(clinicId: string | null): string {
  return clinicId ?? GLOBAL_CHAIN;
}
