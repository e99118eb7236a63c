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

  @Column({ type: 'int', nullable: true })
  statusCode!: number | null;

  /** The first answer's JSON, sealed: it may hold personal data. */
  @Column({ type: 'text', nullable: true })
  responseBody!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
