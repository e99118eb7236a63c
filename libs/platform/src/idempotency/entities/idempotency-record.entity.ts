import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The first answer to a create request sent with an `Idempotency-Key`, replayed to retries. */
@Entity('idempotency_record')
@Index('UQ_idempotency_record_staff_key', ['staffId', 'key'], { unique: true })
export class IdempotencyRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The caller who sent the key (no foreign key: the platform knows no staff table). */
  @Column({ type: 'uuid' })
  staffId!: string;

  @Column({ type: 'varchar', length: 100 })
  key!: string;

  @Column({ type: 'char', length: 64 })
  requestHash!: string;

  /**
   * Who holds the key now: a new token each time a request claims it (a
   * stale claim taken over gets a new one). The work's transaction commits
   * only while its request's token is still here (see `IdempotencyFence`).
   */
  @Column({ type: 'uuid' })
  claimToken!: string;

  /** When the current holder claimed the key; a claim older than the lease with no work committed may be taken over. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  claimedAt!: Date;

  /** Set in the same transaction as the request's work: from then on the key is never released nor taken over. */
  @Column({ type: 'timestamptz', nullable: true })
  committedAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  statusCode!: number | null;

  /** The first answer's JSON, sealed: it may hold personal data. */
  @Column({ type: 'text', nullable: true })
  responseBody!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
