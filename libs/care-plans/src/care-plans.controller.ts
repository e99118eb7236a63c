import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, Idempotent, ParseId, Permission } from '@tongban/platform';
import { CarePlansService } from './care-plans.service';
import { CarePlanDto, CarePlanGoalDto, CarePlanReviewDto } from './dto/care-plan.dto';
import { CreateGoalDto } from './dto/create-goal.dto';
import { CreateReviewDto } from './dto/create-review.dto';
import { UpdateGoalDto } from './dto/update-goal.dto';

@ApiTags('care plans')
@Controller()
export class CarePlansController {
  constructor(private readonly plans: CarePlansService) {}

  @Get('clients/:id/care-plan')
  @Authenticated({ permission: Permission.CarePlanRead })
  @ApiOkResponse({
    type: CarePlanDto,
    description: 'The plan of the client’s latest episode (empty before its first goal). Review notes only for the client’s counselor.',
  })
  get(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<CarePlanDto> {
    return this.plans.get(caller, id);
  }

  @Post('clients/:id/care-plan/goals')
  @Idempotent()
  @Authenticated({ permission: Permission.CarePlanWrite })
  @ApiCreatedResponse({
    type: CarePlanGoalDto,
    description:
      'The client’s care-team counselor sets a goal; the first one starts the episode’s plan. 422 CLIENT_NOT_ACTIVE out of treatment.',
  })
  addGoal(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: CreateGoalDto): Promise<CarePlanGoalDto> {
    return this.plans.addGoal(caller, id, dto);
  }

  @Patch('clients/:id/care-plan/goals/:goalId')
  @Authenticated({ permission: Permission.CarePlanWrite })
  @ApiOkResponse({ type: CarePlanGoalDto })
  updateGoal(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('goalId', ParseId()) goalId: string,
    @Body() dto: UpdateGoalDto,
  ): Promise<CarePlanGoalDto> {
    return this.plans.updateGoal(caller, id, goalId, dto);
  }

  @Post('clients/:id/care-plan/goals/:goalId/reviews')
  @Idempotent()
  @Authenticated({ permission: Permission.CarePlanWrite })
  @ApiCreatedResponse({ type: CarePlanReviewDto, description: 'A dated review of the goal; `date` never after today.' })
  addReview(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('goalId', ParseId()) goalId: string,
    @Body() dto: CreateReviewDto,
  ): Promise<CarePlanReviewDto> {
    return this.plans.addReview(caller, id, goalId, dto);
  }
}
