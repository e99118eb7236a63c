import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, Idempotent, PageQueryDto, ParseId, Permission } from '@tongban/platform';
import { DrugTestsService } from './drug-tests.service';
import { CreateDrugTestDto } from './dto/create-drug-test.dto';
import { DrugTestDto, DrugTestDueDto, DrugTestPageDto } from './dto/drug-test.dto';
import { DrugTestsDueQueryDto } from './dto/drug-tests-due-query.dto';

@ApiTags('drug-tests')
@Controller()
export class DrugTestsController {
  constructor(private readonly drugTests: DrugTestsService) {}

  @Post('clients/:id/drug-tests')
  @Idempotent()
  @Authenticated({ permission: Permission.DrugTestRecord })
  @ApiCreatedResponse({
    type: DrugTestDto,
    description:
      'A nurse or physician (clients in treatment of the clinic), or the client’s care-team counselor. Either `refused: true` or at ' +
      'least one result, not both; no substance twice; the date neither in the future nor before the client’s intake (400 naming the field).',
  })
  create(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: CreateDrugTestDto): Promise<DrugTestDto> {
    return this.drugTests.create(caller, id, dto);
  }

  @Get('clients/:id/drug-tests')
  @Authenticated({ permission: Permission.DrugTestRead })
  @ApiOkResponse({ type: DrugTestPageDto })
  list(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Query() query: PageQueryDto): Promise<DrugTestPageDto> {
    return this.drugTests.list(caller, id, query);
  }

  @Get('drug-tests/due')
  @Authenticated({ permission: Permission.DrugTestDue })
  @ApiOkResponse({
    type: DrugTestDueDto,
    description:
      'The clients in treatment chosen at random for the day (`selected`, no test recorded that day) and those chosen for an earlier ' +
      'day of the month with no test since (`overdue`). The choice is the same on every read and cannot be told from earlier months; ' +
      'a day after today is a 400.',
  })
  due(@CurrentCaller() caller: Caller, @Query() query: DrugTestsDueQueryDto): Promise<DrugTestDueDto> {
    return this.drugTests.due(caller, query);
  }
}
