import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REFERRAL_SERVICES, REFERRAL_STATUSES, type ReferralService, type ReferralStatus } from '../entities/referral.entity';

export class ReferralDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ enum: REFERRAL_SERVICES }) service!: ReferralService;
  @ApiProperty() organisation!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty() sharesPersonalData!: boolean;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Only for the client’s counselor and physicians: a coordinator gets no `note` key at all.',
  })
  note?: string | null;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status!: ReferralStatus;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'What came of it; like `note`, never shown to a coordinator.' })
  outcome?: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) attendedOn!: string | null;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'When the referrer is asked to follow it up (30 days on, while still `made` without an outcome).',
  })
  followUpDue!: string | null;
  @ApiProperty({ format: 'uuid' }) referredBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ReferralPageDto {
  @ApiProperty({ type: [ReferralDto], description: 'Newest first (by date, then by when recorded).' }) items!: ReferralDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({
    description: 'Whether the client’s `referral` consent is in force today: without it a referral may not share personal data.',
  })
  referralConsentInForce!: boolean;
}
