import { Check, Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ReminderKind } from './reminder.entity';

export type ReminderLanguage = 'zh-CN' | 'en';
export const REMINDER_LANGUAGES: readonly ReminderLanguage[] = ['zh-CN', 'en'];

/** A clinic's own text for one kind of reminder in one language, in place of the built-in one. */
@Entity('reminder_template')
@Check('CHK_reminder_template_kind', `"kind" IN ('appointment', 'meeting', 'missed_dose', 'family_outreach', 'consent_expiry')`)
@Check('CHK_reminder_template_language', `"language" IN ('zh-CN', 'en')`)
export class ReminderTemplate {
  @PrimaryColumn('uuid')
  @ForeignKey('Clinic', { onDelete: 'CASCADE' })
  clinicId!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  kind!: ReminderKind;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  language!: ReminderLanguage;

  /** Not personal data: a clinic's wording, with placeholders such as {when}. */
  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'uuid' })
  updatedBy!: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
