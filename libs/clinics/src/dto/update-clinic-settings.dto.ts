import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { IsTimeZone } from '../time-zone';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class UpdateClinicSettingsDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 60, description: 'Missed days at which a client is flagged for assessment.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  missedDosesAssess?: number;

  @ApiPropertyOptional({ minimum: 2, maximum: 90, description: 'Missed days at which the order is suspended (re-titration).' })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(90)
  missedDosesRetitrate?: number;

  @ApiPropertyOptional({ minimum: 3, maximum: 365, description: 'Missed days that end an episode as a drop-out.' })
  @IsOptional()
  @IsInt()
  @Min(3)
  @Max(365)
  dropoutDays?: number;

  @ApiPropertyOptional({
    minimum: 7,
    maximum: 365,
    description: 'Days from a care plan’s latest review (or its start) to the next one due.',
  })
  @IsOptional()
  @IsInt()
  @Min(7)
  @Max(365)
  carePlanReviewDays?: number;

  @ApiPropertyOptional({ example: '21:00', description: 'HH:MM in the clinic time zone.' })
  @IsOptional()
  @IsString()
  @Matches(HH_MM, { message: 'quietHoursStart must be HH:MM' })
  quietHoursStart?: string;

  @ApiPropertyOptional({ example: '08:00', description: 'HH:MM in the clinic time zone; may be earlier than the start (wraps midnight).' })
  @IsOptional()
  @IsString()
  @Matches(HH_MM, { message: 'quietHoursEnd must be HH:MM' })
  quietHoursEnd?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 8, description: 'Random urine tests asked of each client in treatment a month (0: none).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(8)
  drugTestsPerMonth?: number;

  @ApiPropertyOptional({ example: 'Asia/Shanghai' })
  @IsOptional()
  @IsString()
  @IsTimeZone()
  timeZone?: string;
}
