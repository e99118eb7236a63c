import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { GOAL_DOMAINS, type GoalDomain } from '../entities/care-plan-goal.entity';
import { IsCalendarDate, NOT_BLANK } from './date';

export class CreateGoalDto {
  @ApiProperty({ enum: GOAL_DOMAINS })
  @IsIn(GOAL_DOMAINS, { message: `domain must be one of ${GOAL_DOMAINS.join(', ')}` })
  domain!: GoalDomain;

  @ApiProperty({ minLength: 1, maxLength: 1000, description: 'What the client aims at. Stored encrypted.' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'description must not be blank' })
  @MaxLength(1000)
  description!: string;

  @ApiPropertyOptional({ format: 'date', description: 'When the client means to reach it.' })
  @IsOptional()
  @IsCalendarDate()
  targetDate?: string;
}
