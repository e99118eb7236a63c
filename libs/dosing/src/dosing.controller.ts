import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiRequestTimeoutResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Authenticated, type Caller, CurrentCaller, Idempotent, LongRequest, PageQueryDto, ParseId, Permission } from '@tongban/platform';
import { DaySheetDto, DaySheetQueryDto } from './day-sheet/day-sheet.dto';
import { DaySheetUseCase } from './day-sheet/day-sheet.usecase';
import { DosingService } from './dosing.service';
import { CreateDoseOrderDto, DoseOrderDto, DoseOrderPageDto, EndDoseOrderDto, VoidDoseOrderDto } from './dto/dose-order.dto';
import {
  DoseDto,
  DoseListItemDto,
  DosePageDto,
  DosingStatusDto,
  DosingTodayDto,
  DosingTodayQueryDto,
  ListDosesQueryDto,
  RecordDoseDto,
  VoidDoseDto,
} from './dto/dose.dto';
import { csvBody } from './import-history/csv-body';
import { ImportedDto, ImportHistoryUseCase } from './import-history/import-history.usecase';
import { RecordDoseUseCase } from './record-dose/record-dose.usecase';

@ApiTags('dosing')
@Controller()
export class DosingController {
  constructor(
    private readonly dosing: DosingService,
    private readonly recordDose: RecordDoseUseCase,
    private readonly historyImport: ImportHistoryUseCase,
    private readonly daySheetUseCase: DaySheetUseCase,
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
  @ApiOkResponse({ type: DoseOrderPageDto, description: 'The latest in force first: by effective date, then the one written last.' })
  orders(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Query() query: PageQueryDto): Promise<DoseOrderPageDto> {
    return this.dosing.listOrders(caller, id, query);
  }

  @Post('clients/:id/dose-orders/:orderId/end')
  @HttpCode(200)
  @Authenticated({ permission: Permission.DoseOrderWrite })
  @ApiOkResponse({
    type: DoseOrderDto,
    description:
      'Ends the order early: `date` is its last day in force (400 before its effective date; 422 ORDER_IN_USE before the last dose given under it; 409 ORDER_ALREADY_CLOSED when ended or voided already).',
  })
  endOrder(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('orderId', ParseId('orderId')) orderId: string,
    @Body() dto: EndDoseOrderDto,
  ): Promise<DoseOrderDto> {
    return this.dosing.endOrder(caller, id, orderId, dto);
  }

  @Post('clients/:id/dose-orders/:orderId/void')
  @HttpCode(200)
  @Authenticated({ permission: Permission.DoseOrderWrite })
  @ApiOkResponse({
    type: DoseOrderDto,
    description:
      'Voids an order written in error: never in force. 422 ORDER_IN_USE when a dose (not voided) was given under it; 409 ORDER_ALREADY_CLOSED when voided already.',
  })
  voidOrder(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('orderId', ParseId('orderId')) orderId: string,
    @Body() dto: VoidDoseOrderDto,
  ): Promise<DoseOrderDto> {
    return this.dosing.voidOrder(caller, id, orderId, dto);
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
  @ApiOkResponse({ type: DosePageDto, description: 'By clinic day, then the time recorded.' })
  doses(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Query() query: ListDosesQueryDto): Promise<DosePageDto> {
    return this.dosing.listDoses(caller, id, query);
  }

  @Post('clients/:id/doses/:doseId/void')
  @HttpCode(200)
  @Authenticated({ permission: Permission.DoseVoid })
  @ApiOkResponse({
    type: DoseListItemDto,
    description:
      'The nurse who recorded the dose, on the clinic day she recorded it; a physician or the coordinator at any time (403 otherwise). ' +
      'A guest’s dose given at a host clinic (guest dosing): the host’s nurse who recorded it, that day, and the host’s physicians, ' +
      'while the arrangement covers the host’s today (404 otherwise, and for a dose given elsewhere); the home clinic as for any dose. ' +
      'Recorded in both clinics’ audit chains. 409 DOSE_ALREADY_VOIDED the second time.',
  })
  voidDose(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('doseId', ParseId('doseId')) doseId: string,
    @Body() dto: VoidDoseDto,
  ): Promise<DoseListItemDto> {
    return this.dosing.voidDose(caller, id, doseId, dto);
  }

  @Get('clients/:id/dosing-status')
  @Authenticated({ permission: Permission.DoseRead })
  @ApiOkResponse({ type: DosingStatusDto })
  status(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<DosingStatusDto> {
    return this.dosing.status(caller, id);
  }

  @Post('imports/dosing-history')
  @HttpCode(200)
  @Authenticated({ permission: Permission.DosingImport })
  @LongRequest() // a million rows take minutes: the import's transaction has a limit of its own
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'client_code,clinic_day,dose_mg,kind\nKM01-000001,2026-01-05,60,observed' } })
  @ApiOkResponse({ type: ImportedDto, description: 'All rows imported; on any failing row nothing is, and the 400 lists them.' })
  @ApiRequestTimeoutResponse({
    description:
      'REQUEST_TIMEOUT: the file stopped arriving for UPLOAD_IDLE_TIMEOUT_MS; the connection is closed and nothing was imported.',
  })
  @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE: more than 2,000,000 rows or 256 MiB.' })
  @ApiTooManyRequestsResponse({
    description: 'RATE_LIMITED: IMPORT_CONCURRENCY imports are running in this server already; try again after Retry-After seconds.',
  })
  importHistory(@CurrentCaller() caller: Caller, @Req() req: Request): Promise<ImportedDto> {
    return this.historyImport.execute(caller, csvBody(req));
  }

  @Get('dosing/day-sheet')
  @Authenticated({ permission: Permission.DosingDaySheet })
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiOkResponse({
    type: DaySheetDto,
    description:
      "The clinic day's dispensing record: every dose given here with the client's code and name (voided ones marked), and the totals for the stock count (voided excluded). A guest's dose given here (guest dosing) is listed with the client's code and the home clinic's code (guest) only, and counts in the totals; the clinic's clients' doses given at a host clinic count there. `format=csv`: UTF-8 with a byte order mark and a header row; `format=pdf`: a printable page (Chinese font). Language by `lang`, else Accept-Language. Never cached.",
  })
  daySheet(
    @CurrentCaller() caller: Caller,
    @Query() query: DaySheetQueryDto,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<DaySheetDto | StreamableFile> {
    return this.daySheetUseCase.execute(caller, query, acceptLanguage);
  }

  @Get('dosing/today')
  @Authenticated({ permission: Permission.DosingToday })
  @ApiOkResponse({ type: DosingTodayDto })
  today(@CurrentCaller() caller: Caller, @Query() query: DosingTodayQueryDto): Promise<DosingTodayDto> {
    return this.dosing.today(caller, query);
  }
}
