import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { COUNSELING_TYPES, type CounselingType } from '../entities/counseling-session.entity';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** An instant with its offset: `2026-03-02T09:30:00+08:00`, `2026-03-02T01:30:00.000Z`. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export class CreateCounselingSessionDto {
  @ApiProperty({ format: 'date', description: 'The day of the session; never after today in the clinic time zone.' })
  @Matches(DATE, { message: 'date must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'date must be a real calendar date' })
  date!: string;

  @ApiProperty({ enum: COUNSELING_TYPES })
  @IsIn(COUNSELING_TYPES, { message: `type must be one of ${COUNSELING_TYPES.join(', ')}` })
  type!: CounselingType;

  @ApiProperty({ minimum: 1, maximum: 600, example: 45, description: 'Length of the session in whole minutes.' })
  @IsInt({ message: 'minutes must be a whole number' })
  @Min(1)
  @Max(600)
  minutes!: number;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 20,
    description: 'At most 20 topics of 1 to 100 characters each. Stored encrypted; never shown to a coordinator.',
  })
  @IsOptional()
  @IsArray({ message: 'topics must be a list of strings' })
  @ArrayMaxSize(20, { message: 'topics may hold at most 20 items' })
  @IsString({ each: true, message: 'each topic must be a string' })
  @MinLength(1, { each: true, message: 'each topic must be 1 to 100 characters' })
  @MaxLength(100, { each: true, message: 'each topic must be 1 to 100 characters' })
  @Matches(/\S/, { each: true, message: 'a topic must not be blank' })
  topics?: string[];

  @ApiPropertyOptional({ maxLength: 10000, description: 'Stored encrypted; only the client’s counselor (or emergency access) reads it.' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  notes?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-03-09T09:30:00+08:00',
    description: 'The next appointment: an ISO 8601 instant with its offset, after now.',
  })
  @IsOptional()
  @Matches(INSTANT, { message: 'nextAppointmentAt must be an ISO 8601 instant with an offset' })
  @IsISO8601({ strict: true }, { message: 'nextAppointmentAt must be a real instant' })
  nextAppointmentAt?: string;
}
