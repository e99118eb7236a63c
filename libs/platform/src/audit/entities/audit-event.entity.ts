import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One thing someone did or saw. Append-only: the database refuses UPDATE,
 * DELETE and TRUNCATE (trigger in the migration), and each event carries the
 * hash of the one before it in its chain (one chain per clinic, one global).
 */
@Entity('audit_event')
@Index('UQ_audit_event_chain_seq', ['chain', 'seq'], { unique: true })
@Index('IDX_audit_event_clinic_time', ['clinicId', 'occurredAt'])
@Index('IDX_audit_event_client_time', ['clientId', 'occurredAt'])
@Index('IDX_audit_event_actor_time', ['actorId', 'occurredAt'])
// A GIN index on client_ids (made in its migration; TypeORM does not describe GIN indexes).
@Index('IDX_audit_event_client_ids', { synchronize: false })
export class AuditEvent {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  chain!: string;

  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  actorRole!: string | null;

  @Column({ type: 'uuid', nullable: true })
  clinicId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  clientId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  targetType!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  targetId!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  grounds!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 100, nullable: true })
  requestId!: string | null;

  @Column({ type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;

  /** The clients a list read showed (one event per read), or null. */
  @Column({ type: 'uuid', array: true, nullable: true })
  clientIds!: string[] | null;

  /** How `hash` is formed (`HASH_VERSION` in audit-chain.ts); events from before version 2 read 1. */
  @Column({ type: 'smallint', default: 2 })
  hashVersion!: number;
}
