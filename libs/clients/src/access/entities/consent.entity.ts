import { Check, Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { ClientRecord } from '../../entities/client-record';

export type ConsentScope = 'peer_support' | 'family_contact' | 'sms_reminders' | 'email_reminders' | 'research' | 'referral';
export const CONSENT_SCOPES: readonly ConsentScope[] = [
  'peer_support',
  'family_contact',
  'sms_reminders',
  'email_reminders',
  'research',
  'referral',
];

/** What a client allows, scope by scope, for a period, until revoked. */
@Entity('consent')
@Check('CHK_consent_scope', `"scope" IN ('peer_support', 'family_contact', 'sms_reminders', 'email_reminders', 'research', 'referral')`)
@Check('CHK_consent_period', `"valid_until" IS NULL OR "valid_until" >= "valid_from"`)
@Index('IDX_consent_client_scope', ['clientId', 'scope'])
export class Consent extends ClientRecord {
  @Column({ type: 'varchar', length: 32 })
  scope!: ConsentScope;

  @Column({ type: 'date' })
  validFrom!: string;

  @Column({ type: 'date', nullable: true })
  validUntil!: string | null;

  /** Sealed (encrypted) free text. */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'uuid' })
  recordedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  revokedBy!: string | null;

  /** Sealed (encrypted) free text. */
  @Column({ type: 'text', nullable: true })
  revokeReason!: string | null;
}
