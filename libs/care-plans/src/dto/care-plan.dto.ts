import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GOAL_DOMAINS, GOAL_STATUSES, type GoalDomain, type GoalStatus } from '../entities/care-plan-goal.entity';
import { REVIEW_PROGRESS, type ReviewProgress } from '../entities/care-plan-review.entity';

export class CarePlanReviewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ enum: REVIEW_PROGRESS }) progress!: ReviewProgress;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Only for the client’s counselor (and emergency access): other readers get no `note` key at all.',
  })
  note?: string | null;
  @ApiProperty({ format: 'uuid' }) reviewedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CarePlanGoalDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: GOAL_DOMAINS }) domain!: GoalDomain;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) targetDate!: string | null;
  @ApiProperty({ enum: GOAL_STATUSES }) status!: GoalStatus;
  @ApiProperty({ type: [CarePlanReviewDto], description: 'Oldest first.' }) reviews!: CarePlanReviewDto[];
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CarePlanDto {
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The episode the plan belongs to (the latest one); null before any.',
  })
  episodeId!: string | null;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'The day the plan started (its first goal); null without a plan.',
  })
  startedOn!: string | null;
  @ApiProperty({ type: [CarePlanGoalDto], description: 'In the order they were set.' }) goals!: CarePlanGoalDto[];
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'The latest review’s date (or the plan’s start) plus the clinic’s `carePlanReviewDays`; null without a plan.',
  })
  nextReviewDue!: string | null;
}
