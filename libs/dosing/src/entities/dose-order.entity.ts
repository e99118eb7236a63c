import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export const decimal = { to: (value: number) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

/** A physician's order: the daily dose from its effective date until a later order. */
@Entity('dose_order')
@Check('CHK_dose_order_dose', '"dose_mg" > 0')
@Check('CHK_dose_order_take_home', '"take_home_days_per_week" BETWEEN 0 AND 6')
@Index('IDX_dose_order_client_effective', ['clientId', 'effectiveDate'])
export class DoseOrder {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('Client', { onDelete: 'CASCADE' })
  clientId!: string;

  @Column({ type: 'uuid' })
  clinicId!: string;

  @Column({ type: 'numeric', precision: 6, scale: 1, transformer: decimal })
  doseMg!: number;

  @Column({ type: 'date' })
  effectiveDate!: string;

  @Column({ type: 'boolean', default: false })
  splitDose!: boolean;

  @Column({ type: 'int', default: 0 })
  takeHomeDaysPerWeek!: number;

  /** Sealed free text. */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'uuid' })
  orderedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
