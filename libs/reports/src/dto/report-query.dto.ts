import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { COMPARISONS, Comparison } from '../retention/retention-analysis';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const TABLE_FORMATS = ['json', 'csv'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];
export const RETENTION_FORMATS = ['json', 'csv', 'pdf'] as const;
export type RetentionFormat = (typeof RETENTION_FORMATS)[number];

/** The longest window of the attendance and dosing reports, in days. */
export const MAX_WINDOW_DAYS = 366;
/** Their window without `from`: this many days up to `to`. */
export const DEFAULT_WINDOW_DAYS = 30;

export class RetentionQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'Episodes that began on or after this day. Without it: from the first.' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar date' })
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'Episodes that began on or before this day (not before `from`). Without it: up to today.',
  })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'to must be a real calendar date' })
  to?: string;

  @ApiPropertyOptional({
    enum: COMPARISONS,
    default: 'none',
    description:
      '`cohort`: one group per intake month (key `YYYY-MM`). `peer_support` / `family_involvement`: landmark groups ' +
      '`yes` and `no` (see the response).',
  })
  @IsOptional()
  @IsIn(COMPARISONS, { message: `compare must be one of ${COMPARISONS.join(', ')}` })
  compare?: Comparison;

  @ApiPropertyOptional({
    default: 90,
    minimum: 1,
    maximum: 730,
    description: 'The landmark of `peer_support` and `family_involvement`, in days after the episode began. Ignored otherwise.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'landmarkDays must be a whole number of days' })
  @Min(1)
  @Max(730)
  landmarkDays?: number;

  @ApiPropertyOptional({ enum: RETENTION_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(RETENTION_FORMATS, { message: `format must be one of ${RETENTION_FORMATS.join(', ')}` })
  format?: RetentionFormat;
}

/** A window of clinic days: `to` defaults to today, `from` to 29 days before `to`; at most 366 days. */
export class ReportWindowQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'First day; default 29 days before `to` (30 days in all).' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar date' })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last day; default today (the clinic day). The window spans at most 366 days.' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'to must be a real calendar date' })
  to?: string;

  @ApiPropertyOptional({ enum: TABLE_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(TABLE_FORMATS, { message: `format must be one of ${TABLE_FORMATS.join(', ')}` })
  format?: TableFormat;
}
