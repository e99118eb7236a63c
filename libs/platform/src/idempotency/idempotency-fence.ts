import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { AppException } from '../errors/app.exception';
import { heldClaim } from './idempotency-context';
import { sql } from '../database/sql';

/** The claim was taken over (its lease ran out) before this request's work could commit: the work is rolled back. */
export class IdempotencyClaimLost extends AppException {
  constructor() {
    super(409, 'IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed.');
  }
}

/**
 * Ties every transaction a request with an `Idempotency-Key` commits to its
 * claim: just before COMMIT, in that transaction, the claim is marked
 * committed, on condition that the request still holds it (its token). So the
 * work and the mark commit together or not at all: a crash or an outage
 * before the commit leaves a claim with no work, which a retry takes over
 * once the lease has run out; a claim whose work committed is never taken
 * over nor released, and a request whose claim was taken over cannot commit
 * its work a second time.
 */
@Injectable()
export class IdempotencyFence implements EntitySubscriberInterface {
  constructor(@InjectDataSource() dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const claim = heldClaim.getStore();
    if (!claim) return;
    const updated = await sql`UPDATE idempotency_record SET committed_at = coalesce(committed_at, now())
                               WHERE id = ${claim.id} AND claim_token = ${claim.token}`.execute(event.queryRunner);
    if (updated === 0) throw new IdempotencyClaimLost();
  }
}
