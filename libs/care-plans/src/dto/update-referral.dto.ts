import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { REFERRAL_STATUSES, type ReferralStatus } from '../entities/referral.entity';
import { IsCalendarDate } from './date';

export class UpdateReferralDto {
  @ApiProperty({
    enum: REFERRAL_STATUSES,
    description: '`made` → `attended` | `not_attended` | `closed`; `attended` ⇄ `not_attended`; either → `closed`; `closed` is final.',
  })
  @IsIn(REFERRAL_STATUSES, { message: `status must be one of ${REFERRAL_STATUSES.join(', ')}` })
  status!: ReferralStatus;

  @ApiPropertyOptional({
    maxLength: 2000,
    nullable: true,
    type: String,
    description: 'What came of it. Stored encrypted; `null` clears it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  outcome?: string | null;

  @ApiPropertyOptional({
    format: 'date',
    nullable: true,
    type: String,
    description: 'Only with status `attended`; not before the referral, not in the future.',
  })
  @IsOptional()
  @IsCalendarDate()
  attendedOn?: string | null;
}
