import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index } from 'typeorm';
import { decimal } from './dose-order.entity';
import { ClientRecord } from '@tongban/clients';

export type DoseKind = 'observed' | 'take_home';

/**
 * A dose given on a clinic day: observed at the window (one a day, or two
 * parts of a split order), or handed over as take-home for the `coversDays`
 * days after `clinicDay` (one dispense a day). A dose recorded in error is
 * voided, never deleted: the unique indexes and every rule skip voided rows.
 * `clinicId` is the client's clinic, whose days the dose covers;
 * `dispensingClinicId` the clinic whose window gave it, whose stock the
 * methadone left: a host clinic for a guest's dose (guest dosing), else the
 * client's own.
 */
@Entity('dosing_visit')
@Check('CHK_dosing_visit_kind', `"kind" IN ('observed', 'take_home')`)
@Check('CHK_dosing_visit_dose', '"dose_mg" > 0')
@Check('CHK_dosing_visit_covers', `("kind" = 'observed' AND "covers_days" = 0) OR ("kind" = 'take_home' AND "covers_days" BETWEEN 1 AND 6)`)
@Index('UQ_dosing_visit_observed_part', ['clientId', 'clinicDay', 'part'], {
  unique: true,
  where: `"kind" = 'observed' AND "voided_at" IS NULL`,
})
@Index('UQ_dosing_visit_take_home_day', ['clientId', 'clinicDay'], {
  unique: true,
  where: `"kind" = 'take_home' AND "voided_at" IS NULL`,
})
@Index('IDX_dosing_visit_client_day', ['clientId', 'clinicDay'])
@Index('IDX_dosing_visit_clinic_day', ['clinicId', 'clinicDay'])
@Index('IDX_dosing_visit_dispensing_day', ['dispensingClinicId', 'clinicDay'])
export class DosingVisit extends ClientRecord {
  /** The clinic that gave the dose (its day sheet and stock count): a guest's host clinic, else `clinicId`. */
  @Column({ type: 'uuid' })
  @ForeignKey('Clinic')
  dispensingClinicId!: string;

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

  /** Set when the dose was voided (recorded in error): a voided dose covers no day and counts nowhere. */
  @Column({ type: 'timestamptz', nullable: true })
  voidedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  voidedBy!: string | null;

  /** Sealed free text: why the dose was voided. */
  @Column({ type: 'text', nullable: true })
  voidReason!: string | null;
}
