import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, Caller, CurrentCaller, Idempotent, PageQueryDto, ParseId, Permission } from '@tongban/platform';
import { DosingService } from './dosing.service';
import { CreateDoseOrderDto, DoseOrderDto } from './dto/dose-order.dto';
import { DoseDto, DosingStatusDto, DosingTodayDto, ListDosesQueryDto, RecordDoseDto } from './dto/dose.dto';
import { RecordDoseUseCase } from './record-dose/record-dose.usecase';

@ApiTags('dosing')
@Controller()
export class DosingController {
  constructor(
    private readonly dosing: DosingService,
    private readonly recordDose: RecordDoseUseCase,
  ) {}

  @Post('clients/:id/dose-orders')
  @Idempotent()
  @Authenticated({ permission: Permission.DoseOrderWrite })
  @ApiCreatedResponse({ type: DoseOrderDto })
  createOrder(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: CreateDoseOrderDto): Promise<DoseOrderDto> {
    return this.dosing.createOrder(caller, id, dto);
  }

  @Get('clients/:id/dose-orders')
  @Authenticated({ permission: Permission.DoseOrderRead })
  @ApiOkResponse({ type: [DoseOrderDto] })
  orders(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<DoseOrderDto[]> {
    return this.dosing.listOrders(caller, id);
  }

  @Post('clients/:id/doses')
  @Idempotent()
  @Authenticated({ permission: Permission.DoseRecord })
  @ApiCreatedResponse({ type: DoseDto })
  record(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: RecordDoseDto): Promise<DoseDto> {
    return this.recordDose.execute(caller, id, dto);
  }

  @Get('clients/:id/doses')
  @Authenticated({ permission: Permission.DoseRead })
  @ApiOkResponse({ type: [DoseDto] })
  doses(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Query() query: ListDosesQueryDto): Promise<DoseDto[]> {
    return this.dosing.listDoses(caller, id, query);
  }

  @Get('clients/:id/dosing-status')
  @Authenticated({ permission: Permission.DoseRead })
  @ApiOkResponse({ type: DosingStatusDto })
  status(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<DosingStatusDto> {
    return this.dosing.status(caller, id);
  }

  @Get('dosing/today')
  @Authenticated({ permission: Permission.DosingToday })
  @ApiOkResponse({ type: DosingTodayDto })
  today(@CurrentCaller() caller: Caller, @Query() query: PageQueryDto): Promise<DosingTodayDto> {
    return this.dosing.today(caller, query);
  }
}
