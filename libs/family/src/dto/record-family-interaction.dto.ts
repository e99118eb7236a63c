import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  INTERACTION_CHANNELS,
  INTERACTION_INITIATORS,
  type InteractionChannel,
  type InteractionInitiator,
} from '../entities/family-interaction.entity';

export class RecordFamilyInteractionDto {
  @ApiProperty({ format: 'date', description: 'The day it took place; never after today in the clinic time zone.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'date must be a real calendar date' })
  date!: string;

  @ApiProperty({ enum: INTERACTION_CHANNELS })
  @IsIn(INTERACTION_CHANNELS, { message: `channel must be one of ${INTERACTION_CHANNELS.join(', ')}` })
  channel!: InteractionChannel;

  @ApiPropertyOptional({
    enum: INTERACTION_INITIATORS,
    default: 'staff',
    description:
      'Who started the contact. Only contact the clinic starts (`staff`) needs the family_contact consent and a contactable ' +
      'contact (else 422 CONTACT_NOT_PERMITTED); a relative who calls or walks in, or whom the client brings, may always be recorded.',
  })
  @IsOptional()
  @IsIn(INTERACTION_INITIATORS, { message: `initiatedBy must be one of ${INTERACTION_INITIATORS.join(', ')}` })
  initiatedBy?: InteractionInitiator;

  @ApiPropertyOptional({ maxLength: 5000, nullable: true, type: String, description: 'Stored encrypted.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  summary?: string | null;
}
