import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigError } from '../config/app-config';
import { KeyRotation } from '../crypto/key-rotation';
import { IdempotencyRecord } from './entities/idempotency-record.entity';
import type { HeldClaim } from './idempotency-context';

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
    await this.dataSource.query(`DELETE FROM idempotency_record WHERE staff_id = $1 AND created_at < now() - interval '${RETENTION}'`, [
      staffId,
    ]);
    const inserted = await this.dataSource.query<Array<{ id: string; claim_token: string }>>(
      `INSERT INTO idempotency_record (staff_id, key, request_hash, claim_token) VALUES ($1, $2, $3, gen_random_uuid())
       ON CONFLICT (staff_id, key) DO NOTHING
       RETURNING id, claim_token`,
      [staffId, key, requestHash],
    );
    if (inserted.length > 0) return { claimed: true, claim: { id: inserted[0].id, token: inserted[0].claim_token }, takenOver: false };
    const takenOver = await this.dataSource.query<Array<{ id: string; claim_token: string }>>(
      `WITH u AS (
         UPDATE idempotency_record SET claim_token = gen_random_uuid(), claimed_at = now()
          WHERE staff_id = $1 AND key = $2 AND request_hash = $3
            AND status_code IS NULL AND committed_at IS NULL
            AND claimed_at < now() - make_interval(secs => $4)
          RETURNING id, claim_token)
       SELECT id, claim_token FROM u`,
      [staffId, key, requestHash, this.leaseSeconds],
    );
    if (takenOver.length > 0) return { claimed: true, claim: { id: takenOver[0].id, token: takenOver[0].claim_token }, takenOver: true };
    const rows = await this.dataSource.query<Array<{ id: string; stale: boolean }>>(
      `SELECT id, claimed_at < now() - make_interval(secs => $3) AS stale FROM idempotency_record WHERE staff_id = $1 AND key = $2`,
      [staffId, key, this.leaseSeconds],
    );
    if (rows.length === 0) return this.claim(staffId, key, requestHash); // deleted meanwhile (released or expired): claim afresh
    const record = await this.dataSource.getRepository(IdempotencyRecord).findOneBy({ id: rows[0].id });
    // Released by its holder between the two reads: claim afresh.
    if (!record) return this.claim(staffId, key, requestHash);
    return { claimed: false, record, stale: rows[0].stale };
  }

  /** Stores the answer of the claim's request (its work committed, or it had none). False when the claim is no longer this request's. */
  async complete(claim: HeldClaim, statusCode: number, sealedResponse: string): Promise<boolean> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `WITH u AS (
         UPDATE idempotency_record SET status_code = $3, response_body = $4, committed_at = coalesce(committed_at, now())
          WHERE id = $1 AND claim_token = $2
          RETURNING id)
       SELECT id FROM u`,
      [claim.id, claim.token, statusCode, sealedResponse],
    );
    return rows.length > 0;
  }

  /**
   * Gives the key up after the request failed. A claim whose work may have
   * committed is kept (unless `refused`: the request was answered with a
   * deliberate 4xx, so it created nothing), so a retry never does the work twice.
   */
  async release(claim: HeldClaim, refused: boolean): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_record WHERE id = $1 AND claim_token = $2 AND status_code IS NULL AND ($3 OR committed_at IS NULL)`,
      [claim.id, claim.token, refused],
    );
  }
}
