import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, Matches } from 'class-validator';
import { INSTRUMENT_KEYS, type InstrumentKey } from '../instruments/instrument';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateAssessmentDto {
  @ApiProperty({ enum: INSTRUMENT_KEYS })
  @IsIn(INSTRUMENT_KEYS, { message: `instrument must be one of ${INSTRUMENT_KEYS.join(', ')}` })
  instrument!: InstrumentKey;

  @ApiProperty({ format: 'date', description: 'The day the client answered; never after today in the clinic time zone.' })
  @Matches(DATE, { message: 'date must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'date must be a real calendar date' })
  date!: string;

  @ApiProperty({
    type: [Number],
    description:
      'One whole-number answer per item, in item order, within the instrument’s scale (GET /assessment-instruments). ' +
      'A wrong count is a 400 on `answers`; a wrong answer a 400 on `answers[i]` (0-based). Stored encrypted.',
  })
  @IsArray({ message: 'answers must be a list of whole numbers' })
  @ArrayMaxSize(50, { message: 'answers may hold at most 50 items' })
  answers!: number[];
}
