import { Check, Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ReminderKind } from './reminder.entity';

/**
 * A clinic's template approved by its SMS provider (Aliyun or Tencent Cloud)
 * for one kind of reminder: those providers send nothing but an approved
 * template with its named parameters filled in. Not personal data.
 */
@Entity('sms_template')
@Check('CHK_sms_template_kind', `"kind" IN ('appointment', 'meeting', 'missed_dose', 'family_outreach', 'consent_expiry')`)
export class SmsTemplate {
  @PrimaryColumn('uuid')
  @ForeignKey('Clinic', { onDelete: 'CASCADE' })
  clinicId!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  kind!: ReminderKind;

  /** The provider's template code (Aliyun `SMS_123456789`, Tencent Cloud a numeric id). */
  @Column({ type: 'varchar', length: 64 })
  templateCode!: string;

  /** The template's parameter names, in the order the template numbers them (Tencent Cloud fills them by position). */
  @Column({ type: 'text', array: true })
  params!: string[];

  /** The text as the provider approved it, with `${name}` placeholders: checked for discretion. */
  @Column({ type: 'text' })
  previewText!: string;

  @Column({ type: 'uuid' })
  updatedBy!: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
