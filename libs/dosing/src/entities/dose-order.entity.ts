import { Check, Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { ClientRecord } from '@tongban/clients';

export const decimal = { to: (value: number) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

/** A physician's order: the daily dose from its effective date until a later order, its end date, or its voiding. */
@Entity('dose_order')
@Check('CHK_dose_order_dose', '"dose_mg" > 0')
@Check('CHK_dose_order_take_home', '"take_home_days_per_week" BETWEEN 0 AND 6')
@Index('IDX_dose_order_client_effective', ['clientId', 'effectiveDate'])
export class DoseOrder extends ClientRecord {
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

  /** The last day the order is in force, when a physician ended it early. */
  @Column({ type: 'date', nullable: true })
  endDate!: string | null;

  /** Sealed free text: why the order was ended. */
  @Column({ type: 'text', nullable: true })
  endReason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  endedBy!: string | null;

  /** Set when the order was voided (written in error, no dose given under it): it is never in force. */
  @Column({ type: 'timestamptz', nullable: true })
  voidedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  voidedBy!: string | null;

  /** Sealed free text: why the order was voided. */
  @Column({ type: 'text', nullable: true })
  voidReason!: string | null;
}
