import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsCalendarDate } from './date';

export const DISCHARGE_REASONS = ['completed', 'transferred', 'deceased', 'other'] as const;
export type DischargeReason = (typeof DISCHARGE_REASONS)[number];

export class DischargeClientDto {
  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  date!: string;

  @ApiProperty({ enum: DISCHARGE_REASONS })
  @IsIn(DISCHARGE_REASONS, { message: `reason must be one of ${DISCHARGE_REASONS.join(', ')}` })
  reason!: DischargeReason;
}

export class ReadmitClientDto {
  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  date!: string;
}

export class EpisodeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date' }) startDate!: string;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description:
      'The last day of the episode; null while it is open. A drop-out ends it on the last covered day, or on its start date when no day was ever covered.',
  })
  endDate!: string | null;
  @ApiProperty({ enum: [...DISCHARGE_REASONS, 'dropout'], nullable: true, type: String }) endReason!: string | null;
}
