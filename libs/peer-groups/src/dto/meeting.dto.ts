import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { TIME_OF_DAY } from './peer-group.dto';

export class CreateMeetingDto {
  @ApiProperty({ format: 'date', description: 'A clinic day: past days allowed, at most 90 days ahead.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'date must be a real calendar date' })
  date!: string;

  @ApiPropertyOptional({ example: '19:30', description: 'HH:MM (00:00–23:59) in the clinic’s time zone.' })
  @IsOptional()
  @IsString()
  @Matches(TIME_OF_DAY, { message: 'startsAt must be a time of day (HH:MM, 00:00–23:59)' })
  startsAt?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Stored encrypted.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  topic?: string;
}

export class MeetingDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) groupId!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ nullable: true, type: String, example: '19:30' }) startsAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) topic!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MeetingPageDto {
  @ApiProperty({ type: [MeetingDto], description: 'Newest first (by date, then id).' }) items!: MeetingDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CreateMeetingSeriesDto {
  @ApiProperty({ format: 'date', description: 'First clinic day of the series: today or later.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar date' })
  from!: string;

  @ApiProperty({ format: 'date', description: 'Last clinic day of the series: on or after `from`, at most 90 days after today.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'until must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'until must be a real calendar date' })
  until!: string;
}

export class MeetingSeriesDto {
  @ApiProperty({ minimum: 0, description: 'How many meetings were created.' }) created!: number;
  @ApiProperty({ type: [MeetingDto], description: 'The meetings created, by date.' }) meetings!: MeetingDto[];
  @ApiProperty({ type: [String], format: 'date', description: 'The group’s meeting days in the range that already had a meeting.' })
  skippedDates!: string[];
}
