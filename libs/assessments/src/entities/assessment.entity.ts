import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index } from 'typeorm';
import { ClientRecord } from '@tongban/clients';
import type { InstrumentKey } from '../instruments/instrument';

/**
 * One administration of a standard instrument with the client. The scores are
 * plain (coordinators and physicians read them, and reports group by them);
 * the answers item by item are sealed: only the client's counselor reads them.
 */
@Entity('assessment')
@Check('CHK_assessment_instrument', `"instrument" IN ('mspss', 'stigma', 'phq9')`)
@Index('IDX_assessment_client_instrument_date', ['clientId', 'instrument', 'date'])
export class Assessment extends ClientRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('Staff')
  counselorId!: string;

  @Column({ type: 'varchar', length: 16 })
  instrument!: InstrumentKey;

  @Column({ type: 'date' })
  date!: string;

  @Column({ type: 'double precision' })
  total!: number;

  /** Subscale key → score. */
  @Column({ type: 'jsonb' })
  subscales!: Record<string, number>;

  @Column({ type: 'varchar', length: 32, nullable: true })
  band!: string | null;

  /** Sealed JSON array of the answers, in item order. */
  @Column({ type: 'text' })
  answers!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
