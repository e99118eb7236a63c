import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { GOAL_STATUSES, type GoalStatus } from '../entities/care-plan-goal.entity';
import { IsCalendarDate, NOT_BLANK, present } from './date';

/** Absent fields stay as they are; `targetDate: null` clears the target date. */
export class UpdateGoalDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 1000 })
  @ValidateIf(present)
  @IsString()
  @Matches(NOT_BLANK, { message: 'description must not be blank' })
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @IsOptional()
  @IsCalendarDate()
  targetDate?: string | null;

  @ApiPropertyOptional({ enum: GOAL_STATUSES })
  @ValidateIf(present)
  @IsIn(GOAL_STATUSES, { message: `status must be one of ${GOAL_STATUSES.join(', ')}` })
  status?: GoalStatus;
}
