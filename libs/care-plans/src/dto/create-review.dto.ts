import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { REVIEW_PROGRESS, type ReviewProgress } from '../entities/care-plan-review.entity';
import { IsCalendarDate } from './date';

export class CreateReviewDto {
  @ApiProperty({ format: 'date', description: 'The day of the review; never after today in the clinic time zone.' })
  @IsCalendarDate()
  date!: string;

  @ApiProperty({ enum: REVIEW_PROGRESS })
  @IsIn(REVIEW_PROGRESS, { message: `progress must be one of ${REVIEW_PROGRESS.join(', ')}` })
  progress!: ReviewProgress;

  @ApiPropertyOptional({ maxLength: 5000, description: 'Stored encrypted; only the client’s counselor (or emergency access) reads it.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}
