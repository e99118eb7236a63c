import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';

export const GLOBAL_CHAIN = 'global';
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that its hash covers: all of them but the hash itself. */
export interface ChainedFields {
  id: string;
  chain: string;
  seq: string;
  occurredAt: Date;
  actorId: string | null;
  actorRole: string | null;
  clinicId: string | null;
  clientId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  grounds: string | null;
  details: Record<string, unknown>;
  requestId: string | null;
  prevHash: string;
}

/** SHA-256 over a canonical (sorted-key) JSON of the event's fields. */
export function eventHash(fields: ChainedFields): string {
  const canonical = stringify([
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
  ]);
  return createHash('sha256')
    .update(canonical ?? '', 'utf8')
    .digest('hex');
}

/** The chain an event belongs to: its clinic's, or the global one. */
export function chainOf(clinicId: string | null): string {
  return clinicId ?? GLOBAL_CHAIN;
}
