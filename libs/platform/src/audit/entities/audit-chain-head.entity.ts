import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last event of each audit chain, so a deleted tail is noticed too. */
@Entity('audit_chain_head')
export class AuditChainHead {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  chain!: string;

  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;

  /** The hash of the event before the last one: what the last event links to, read back in the statement that appends it. */
  @Column({ type: 'char', length: 64, nullable: true })
  prevHash!: string | null;
}
