import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { COMPARISONS, type Comparison } from '../retention/retention-analysis';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const TABLE_FORMATS = ['json', 'csv'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];
export const RETENTION_FORMATS = ['json', 'csv', 'pdf'] as const;
export type RetentionFormat = (typeof RETENTION_FORMATS)[number];

/** The longest window of any report, in calendar years (api.md: "Report windows span at most 10 years"). */
export const MAX_WINDOW_YEARS = 10;

export const REPORT_LANGUAGES = ['zh-CN', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

export const DOSING_GROUPINGS = ['day', 'week', 'month'] as const;
export type DosingGrouping = (typeof DOSING_GROUPINGS)[number];

export const ATTENDANCE_VIEWS = ['group', 'member'] as const;
export type AttendanceView = (typeof ATTENDANCE_VIEWS)[number];

export const COHORT_PERIODS = ['month', 'quarter', 'year'] as const;
export type CohortPeriod = (typeof COHORT_PERIODS)[number];

const LANG_DESCRIPTION =
  'Language of a `csv` or `pdf` export (headings, labels, column headers). Without it: the first of `zh-CN`/`en` in ' +
  '`Accept-Language`, else `zh-CN`.';
/** Their window without `from`: this many days up to `to`. */
export const DEFAULT_WINDOW_DAYS = 30;

/** `lang` of every report that exports a file. */
export class ReportLanguageQueryDto {
  @ApiPropertyOptional({ enum: REPORT_LANGUAGES, description: LANG_DESCRIPTION })
  @IsOptional()
  @IsIn(REPORT_LANGUAGES, { message: `lang must be one of ${REPORT_LANGUAGES.join(', ')}` })
  lang?: ReportLanguage;
}

export class RetentionQueryDto extends ReportLanguageQueryDto {
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
      '`yes` and `no` (see the response). `social_support`: tertiles `low`, `medium`, `high` of the baseline MSPSS total, and `unknown`.',
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

  @ApiPropertyOptional({
    enum: COHORT_PERIODS,
    default: 'month',
    description:
      'With `compare=cohort`: intake cohorts by month (key `YYYY-MM`), quarter (`YYYY-Q1`…`Q4`) or year (`YYYY`). Ignored otherwise.',
  })
  @IsOptional()
  @IsIn(COHORT_PERIODS, { message: `cohortBy must be one of ${COHORT_PERIODS.join(', ')}` })
  cohortBy?: CohortPeriod;

  @ApiPropertyOptional({ enum: RETENTION_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(RETENTION_FORMATS, { message: `format must be one of ${RETENTION_FORMATS.join(', ')}` })
  format?: RetentionFormat;
}

/** A window of clinic days: `to` defaults to today, `from` to 29 days before `to`; at most 10 years. */
export class ReportWindowQueryDto extends ReportLanguageQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'First day; default 29 days before `to` (30 days in all).' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar date' })
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    description:
      'Last day; default today (the clinic day). The window spans at most 10 years (`from` not before the same date 10 years before `to`, plus one day).',
  })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'to must be a real calendar date' })
  to?: string;

  @ApiPropertyOptional({ enum: TABLE_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(TABLE_FORMATS, { message: `format must be one of ${TABLE_FORMATS.join(', ')}` })
  format?: TableFormat;
}

export class DosingReportQueryDto extends ReportWindowQueryDto {
  @ApiPropertyOptional({
    enum: DOSING_GROUPINGS,
    default: 'day',
    description: '`day`: `days`, one row per day. `week` (ISO weeks, Monday first) or `month`: `periods`, clipped to the window.',
  })
  @IsOptional()
  @IsIn(DOSING_GROUPINGS, { message: `groupBy must be one of ${DOSING_GROUPINGS.join(', ')}` })
  groupBy?: DosingGrouping;
}

export class AttendanceReportQueryDto extends ReportWindowQueryDto {
  @ApiPropertyOptional({
    enum: ATTENDANCE_VIEWS,
    default: 'group',
    description:
      '`group`: `groups`. `member`: `members`, one row per group and client with attendance records in the window (client data: audited).',
  })
  @IsOptional()
  @IsIn(ATTENDANCE_VIEWS, { message: `by must be one of ${ATTENDANCE_VIEWS.join(', ')}` })
  by?: AttendanceView;
}

/** The drug-test report's window: `to` defaults to today, `from` to the first day of the 12th month back (12 whole months). */
export class DrugTestReportQueryDto extends ReportWindowQueryDto {}
