import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A blind index (keyed hash) of one normalized searchable value of a client. */
@Entity('client_search_term')
@Index('IDX_client_search_term_clinic_hash', ['clinicId', 'hash'])
export class ClientSearchTerm {
  @PrimaryColumn('uuid')
  @ForeignKey('Client', { onDelete: 'CASCADE' })
  clientId!: string;

  @PrimaryColumn({ type: 'char', length: 64 })
  hash!: string;

  @Column({ type: 'uuid' })
  clinicId!: string;
}
