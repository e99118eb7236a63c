import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigError } from '../config/app-config';
import { KeyRotation } from '../crypto/key-rotation';
import { IdempotencyRecord } from './entities/idempotency-record.entity';
import type { HeldClaim } from './idempotency-context';
import { sql } from '../database/sql';

/** Keys are remembered for a day; then the record is deleted and the key may be used afresh. */
const RETENTION = '24 hours';

/**
 * How long a claim whose work has not committed keeps others off the key
 * (`IDEMPOTENCY_LEASE_SECONDS`, default 30): after it, the holder is taken
 * for gone (its process or its database connection died) and a retry takes
 * the key over.
 */
export function idempotencyLeaseSeconds(env: Record<string, string | undefined> = process.env): number {
  const raw = env.IDEMPOTENCY_LEASE_SECONDS?.trim();
  if (raw === undefined || raw === '') return 30;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 3600) {
    throw new ConfigError('Invalid configuration: IDEMPOTENCY_LEASE_SECONDS must be an integer from 1 to 3600');
  }
  return Number(raw);
}

export type Claim = { claimed: true; claim: HeldClaim; takenOver: boolean } | { claimed: false; record: IdempotencyRecord; stale: boolean };

@Injectable()
export class IdempotencyRepository implements OnModuleInit {
  private readonly leaseSeconds = idempotencyLeaseSeconds();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keyRotation: KeyRotation,
  ) {}

  onModuleInit(): void {
    this.keyRotation.register({ table: 'idempotency_record', columns: ['response_body'] });
  }

  /**
   * Claims the key for this request: a new key, or a stale claim of the same
   * request (older than the lease, its work never committed) taken over with
   * a new token. Otherwise returns the record of whoever has it, `stale` when
   * its holder is gone.
   */
  async claim(staffId: string, key: string, requestHash: string): Promise<Claim> {
    await sql`DELETE FROM idempotency_record WHERE staff_id = ${staffId} AND created_at < now() - ${RETENTION}::interval`.execute(
      this.dataSource,
    );
    const inserted =
      await sql`INSERT INTO idempotency_record (staff_id, key, request_hash, claim_token) VALUES (${staffId}, ${key}, ${requestHash}, gen_random_uuid())
                               ON CONFLICT (staff_id, key) DO NOTHING
                               RETURNING id, claim_token`.maybeOne<{ id: string; claimToken: string }>(this.dataSource);
    if (inserted) return { claimed: true, claim: { id: inserted.id, token: inserted.claimToken }, takenOver: false };
    const takenOver = await sql`WITH u AS (
                                  UPDATE idempotency_record SET claim_token = gen_random_uuid(), claimed_at = now()
                                   WHERE staff_id = ${staffId} AND key = ${key} AND request_hash = ${requestHash}
                                     AND status_code IS NULL AND committed_at IS NULL
                                     AND claimed_at < now() - make_interval(secs => ${this.leaseSeconds})
                                   RETURNING id, claim_token)
                                SELECT id, claim_token FROM u`.maybeOne<{ id: string; claimToken: string }>(this.dataSource);
    if (takenOver) return { claimed: true, claim: { id: takenOver.id, token: takenOver.claimToken }, takenOver: true };
    const row = await sql`SELECT id, claimed_at < now() - make_interval(secs => ${this.leaseSeconds}) AS stale
                            FROM idempotency_record WHERE staff_id = ${staffId} AND key = ${key}`.maybeOne<{ id: string; stale: boolean }>(
      this.dataSource,
    );
    if (!row) return this.claim(staffId, key, requestHash); // deleted meanwhile (released or expired): claim afresh
    const record = await this.dataSource.getRepository(IdempotencyRecord).findOneBy({ id: row.id });
    // Released by its holder between the two reads: claim afresh.
    if (!record) return this.claim(staffId, key, requestHash);
    return { claimed: false, record, stale: row.stale };
  }

  /** Stores the answer of the claim's request (its work committed, or it had none). False when the claim is no longer this request's. */
  async complete(claim: HeldClaim, statusCode: number, sealedResponse: string): Promise<boolean> {
    const updated = await sql`UPDATE idempotency_record SET status_code = ${statusCode}, response_body = ${sealedResponse},
                                     committed_at = coalesce(committed_at, now())
                               WHERE id = ${claim.id} AND claim_token = ${claim.token}`.execute(this.dataSource);
    return updated > 0;
  }

  /**
   * Gives the key up after the request failed. A claim whose work may have
   * committed is kept (unless `refused`: the request was answered with a
   * deliberate 4xx, so it created nothing), so a retry never does the work twice.
   */
  async release(claim: HeldClaim, refused: boolean): Promise<void> {
    await sql`DELETE FROM idempotency_record
               WHERE id = ${claim.id} AND claim_token = ${claim.token} AND status_code IS NULL AND (${refused}::boolean OR committed_at IS NULL)`.execute(
      this.dataSource,
    );
  }
}
