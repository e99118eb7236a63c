import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, Idempotent, ParseId, Permission } from '@tongban/platform';
import { AssessmentsService } from './assessments.service';
import { AssessmentDto, AssessmentPageDto, InstrumentDto, ListAssessmentsQueryDto } from './dto/assessment.dto';
import { CreateAssessmentDto } from './dto/create-assessment.dto';

@ApiTags('assessments')
@Controller()
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Get('assessment-instruments')
  @Authenticated({ permission: Permission.AssessmentInstrumentRead })
  @ApiOkResponse({ type: [InstrumentDto], description: 'The instruments as published, each citing its source.' })
  instruments(): InstrumentDto[] {
    return this.assessments.instruments();
  }

  @Post('clients/:id/assessments')
  @Idempotent()
  @Authenticated({ permission: Permission.AssessmentWrite })
  @ApiCreatedResponse({ type: AssessmentDto, description: 'Only the client’s care-team counselor (or emergency access) records one.' })
  create(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: CreateAssessmentDto): Promise<AssessmentDto> {
    return this.assessments.create(caller, id, dto);
  }

  @Get('clients/:id/assessments')
  @Authenticated({ permission: Permission.AssessmentRead })
  @ApiOkResponse({ type: AssessmentPageDto })
  list(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Query() query: ListAssessmentsQueryDto,
  ): Promise<AssessmentPageDto> {
    return this.assessments.list(caller, id, query);
  }
}
