import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { INTERACTION_CHANNELS, InteractionChannel } from '../entities/family-interaction.entity';

export class RecordFamilyInteractionDto {
  @ApiProperty({ format: 'date', description: 'The day it took place; never after today in the clinic time zone.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'date must be a real calendar date' })
  date!: string;

  @ApiProperty({ enum: INTERACTION_CHANNELS })
  @IsIn(INTERACTION_CHANNELS, { message: `channel must be one of ${INTERACTION_CHANNELS.join(', ')}` })
  channel!: InteractionChannel;

  @ApiPropertyOptional({ maxLength: 5000, nullable: true, type: String, description: 'Stored encrypted.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  summary?: string | null;
}
