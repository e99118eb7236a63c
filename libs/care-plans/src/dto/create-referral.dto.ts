import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { REFERRAL_SERVICES, type ReferralService } from '../entities/referral.entity';
import { IsCalendarDate, NOT_BLANK } from './date';

export class CreateReferralDto {
  @ApiProperty({ enum: REFERRAL_SERVICES })
  @IsIn(REFERRAL_SERVICES, { message: `service must be one of ${REFERRAL_SERVICES.join(', ')}` })
  service!: ReferralService;

  @ApiProperty({ minLength: 1, maxLength: 200, description: 'The organisation referred to. Stored encrypted.' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'organisation must not be blank' })
  @MaxLength(200)
  organisation!: string;

  @ApiProperty({ format: 'date', description: 'The day of the referral; never after today in the clinic time zone.' })
  @IsCalendarDate()
  date!: string;

  @ApiProperty({
    description: 'The clinic shares the client’s name, contact and needs with the organisation: needs the `referral` consent.',
  })
  @IsBoolean()
  sharesPersonalData!: boolean;

  @ApiPropertyOptional({ maxLength: 5000, description: 'Stored encrypted; not shown to the coordinator.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}
