import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ReminderKind = 'appointment' | 'meeting' | 'missed_dose' | 'family_outreach' | 'consent_expiry';
export const REMINDER_KINDS: readonly ReminderKind[] = ['appointment', 'meeting', 'missed_dose', 'family_outreach', 'consent_expiry'];

export type ReminderChannel = 'sms' | 'email' | 'in_app';
export const REMINDER_CHANNELS: readonly ReminderChannel[] = ['sms', 'email', 'in_app'];

export type ReminderRecipient = 'client' | 'family' | 'staff';
export const REMINDER_RECIPIENTS: readonly ReminderRecipient[] = ['client', 'family', 'staff'];

export type ReminderStatus = 'scheduled' | 'held' | 'sent' | 'failed' | 'cancelled';
export const REMINDER_STATUSES: readonly ReminderStatus[] = ['scheduled', 'held', 'sent', 'failed', 'cancelled'];
/** Statuses from which a reminder may still be delivered. */
export const PENDING_STATUSES: readonly ReminderStatus[] = ['scheduled', 'held'];

/**
 * A message the clinic will send, and what became of it: the source of truth
 * (a transactional outbox). Written in the same transaction as what caused it;
 * the relay hands due ones to the queue (or to in-process delivery), and the
 * delivery job records each attempt here. `dedupeKey` makes every way of
 * creating one idempotent (a sweep that runs twice creates nothing twice).
 *
 * The address and the text are resolved and rendered at the first delivery
 * attempt (so a changed phone number, language or clinic template counts),
 * then kept, sealed, for the retries: the provider sees the same message each
 * time. `note` is the staff's free text of a manual appointment reminder.
 */
@Entity('reminder')
@Check('CHK_reminder_kind', `"kind" IN ('appointment', 'meeting', 'missed_dose', 'family_outreach', 'consent_expiry')`)
@Check('CHK_reminder_channel', `"channel" IN ('sms', 'email', 'in_app')`)
@Check('CHK_reminder_recipient', `"recipient" IN ('client', 'family', 'staff')`)
@Check('CHK_reminder_status', `"status" IN ('scheduled', 'held', 'sent', 'failed', 'cancelled')`)
@Check(
  'CHK_reminder_addressee',
  `("recipient" = 'client' AND "client_id" IS NOT NULL) OR ("recipient" = 'family' AND "family_contact_id" IS NOT NULL) OR ("recipient" = 'staff' AND "staff_id" IS NOT NULL)`,
)
@Check('CHK_reminder_attempts', '"attempts" >= 0')
@Index('UQ_reminder_dedupe_key', ['dedupeKey'], { unique: true })
@Index('IDX_reminder_due', ['dueAt'], { where: `"status" IN ('scheduled', 'held')` })
@Index('IDX_reminder_clinic_scheduled', ['clinicId', 'scheduledFor', 'id'])
@Index('IDX_reminder_client', ['clientId', 'status'])
@Index('IDX_reminder_source', ['sourceId'], { where: '"source_id" IS NOT NULL' })
export class Reminder {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('Clinic')
  clinicId!: string;

  /** The client the reminder is for or about (a consent_expiry notice to staff names the client too). */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('Client', { onDelete: 'CASCADE' })
  clientId!: string | null;

  @Column({ type: 'varchar', length: 20 })
  kind!: ReminderKind;

  @Column({ type: 'varchar', length: 8 })
  channel!: ReminderChannel;

  @Column({ type: 'varchar', length: 8 })
  recipient!: ReminderRecipient;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('FamilyContact', { onDelete: 'CASCADE' })
  familyContactId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('Staff')
  staffId!: string | null;

  /** When it was meant to go. */
  @Column({ type: 'timestamptz' })
  scheduledFor!: Date;

  /** When it may next be delivered: `scheduledFor`, moved by quiet hours and by in-process retries. */
  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'varchar', length: 10, default: 'scheduled' })
  status!: ReminderStatus;

  /** Attempts made to hand it to the provider. */
  @Column({ type: 'smallint', default: 0 })
  attempts!: number;

  /** Ours (`PROVIDER_ERROR`) or an SMS provider's own, prefixed (`ALIYUN:isv.BUSINESS_LIMIT_CONTROL`). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  lastErrorCode!: string | null;

  /** What caused it: the counseling session, peer meeting or consent. */
  @Column({ type: 'uuid', nullable: true })
  sourceId!: string | null;

  /** The day (clinic time zone) of the appointment or meeting it announces. */
  @Column({ type: 'date', nullable: true })
  eventDate!: string | null;

  /** HH:MM (clinic time zone) of the appointment or meeting, when known. */
  @Column({ type: 'varchar', length: 5, nullable: true })
  eventTime!: string | null;

  /** Sealed: the staff's note of a manual appointment reminder. */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** Sealed: the phone number or e-mail address it went to (staff id for in-app). */
  @Column({ type: 'text', nullable: true })
  address!: string | null;

  /** Sealed: the text as rendered for the first attempt. */
  @Column({ type: 'text', nullable: true })
  text!: string | null;

  @Column({ type: 'varchar', length: 200 })
  dedupeKey!: string;

  /** Set when the relay handed it to the queue; cleared when it is held or due again. */
  @Column({ type: 'timestamptz', nullable: true })
  enqueuedAt!: Date | null;

  /** While a delivery attempt is in flight: nobody else may send it until then. */
  @Column({ type: 'timestamptz', nullable: true })
  claimedUntil!: Date | null;

  /**
   * When the attempt now in flight began: set, with the attempt counted and
   * its message kept, just before the provider is called; cleared when the
   * attempt's outcome is written. A later claim that finds it set knows that
   * an earlier delivery was cut off after the message may have reached the
   * provider, and resends that same message with the same idempotency key.
   */
  @Column({ type: 'timestamptz', nullable: true })
  attemptStartedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'uuid', nullable: true })
  cancelledBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
