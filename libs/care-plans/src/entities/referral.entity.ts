import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { ClientRecord } from '@tongban/clients';

/** The outside services a client may be referred to (product.md, "Referral"), as stable keys. */
export const REFERRAL_SERVICES = [
  'hiv',
  'hepatitis_c',
  'tuberculosis',
  'mental_health',
  'employment',
  'social_assistance',
  'housing',
  'legal_aid',
  'other',
] as const;
export type ReferralService = (typeof REFERRAL_SERVICES)[number];

export const REFERRAL_STATUSES = ['made', 'attended', 'not_attended', 'closed'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/**
 * A referral to an outside service. The organisation (which may name a
 * clinic that reveals the client's condition), the note and the outcome are
 * sealed.
 */
@Entity('referral')
@Check(
  'CHK_referral_service',
  `"service" IN ('hiv', 'hepatitis_c', 'tuberculosis', 'mental_health', 'employment', 'social_assistance', 'housing', 'legal_aid', 'other')`,
)
@Check('CHK_referral_status', `"status" IN ('made', 'attended', 'not_attended', 'closed')`)
@Index('IDX_referral_client_date', ['clientId', 'date'])
@Index('IDX_referral_follow_up', ['referredBy', 'date'], { where: `"status" = 'made'` })
export class Referral extends ClientRecord {
  @Column({ type: 'varchar', length: 24 })
  service!: ReferralService;

  /** Sealed. */
  @Column({ type: 'text' })
  organisation!: string;

  @Column({ type: 'date' })
  date!: string;

  @Column({ type: 'boolean' })
  sharesPersonalData!: boolean;

  /** Sealed free text. */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'made' })
  status!: ReferralStatus;

  /** Sealed free text. */
  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Column({ type: 'date', nullable: true })
  attendedOn!: string | null;

  @Column({ type: 'uuid' })
  @ForeignKey('Staff')
  referredBy!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
