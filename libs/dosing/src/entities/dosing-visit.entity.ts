import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimal } from './dose-order.entity';

export type DoseKind = 'observed' | 'take_home';

/**
 * A dose given on a clinic day: observed at the window (one a day, or two
 * parts of a split order), or handed over as take-home for the `coversDays`
 * days after `clinicDay`.
 */
@Entity('dosing_visit')
@Check('CHK_dosing_visit_kind', `"kind" IN ('observed', 'take_home')`)
@Check('CHK_dosing_visit_dose', '"dose_mg" > 0')
@Check('CHK_dosing_visit_covers', `("kind" = 'observed' AND "covers_days" = 0) OR ("kind" = 'take_home' AND "covers_days" BETWEEN 1 AND 6)`)
@Index('UQ_dosing_visit_observed_part', ['clientId', 'clinicDay', 'part'], { unique: true, where: `"kind" = 'observed'` })
@Index('IDX_dosing_visit_client_day', ['clientId', 'clinicDay'])
// (clinic_id, clinic_day) INCLUDE (client_id, kind, part, covers_days), for the dosing report: TypeORM cannot declare INCLUDE (migration 1796533448648).
@Index('IDX_dosing_visit_clinic_day', { synchronize: false })
export class DosingVisit {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('Client', { onDelete: 'CASCADE' })
  clientId!: string;

  @Column({ type: 'uuid' })
  clinicId!: string;

  @Column({ type: 'date' })
  clinicDay!: string;

  @Column({ type: 'numeric', precision: 6, scale: 1, transformer: decimal })
  doseMg!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: DoseKind;

  /** 1, or 2 for the second part of a split dose. */
  @Column({ type: 'smallint', default: 1 })
  part!: number;

  @Column({ type: 'smallint', default: 0 })
  coversDays!: number;

  @Column({ type: 'uuid', nullable: true })
  orderId!: string | null;

  /** Sealed free text: why less than ordered. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** Sealed free text: the assessment after missed doses. */
  @Column({ type: 'text', nullable: true })
  assessmentNote!: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt!: Date;
}
