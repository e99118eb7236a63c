import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, Permission } from '@tongban/platform';
import { AcceptLanguage } from './accept-language.decorator';
import { AttendanceReportDto } from './dto/attendance-report.dto';
import { DosingReportDto } from './dto/dosing-report.dto';
import { DrugTestReportDto } from './dto/drug-test-report.dto';
import { PeerUptakeQueryDto, PeerUptakeReportDto } from './dto/peer-uptake.dto';
import { AttendanceReportQueryDto, DosingReportQueryDto, DrugTestReportQueryDto, RetentionQueryDto } from './dto/report-query.dto';
import { RetentionReportDto } from './dto/retention-report.dto';
import { ReportsService } from './reports.service';

const CSV = '`format=csv`: the same as `text/csv; charset=utf-8` with a byte order mark (for Excel), one flat table, as an attachment.';

const ACCEPT_LANGUAGE = {
  name: 'Accept-Language',
  required: false,
  description: 'The language of a CSV or PDF export when `lang` is not given (`zh*` → zh-CN, `en*` → en; else en).',
};

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('retention')
  @Authenticated({ permission: Permission.ReportRead })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiOkResponse({
    type: RetentionReportDto,
    description: `Kaplan-Meier retention of the clinic's episodes: drop-out is the event; completed, transferred, deceased, other and open episodes are censored. ${CSV} \`format=pdf\`: a one-page summary with the curve and its band.`,
  })
  retention(
    @CurrentCaller() caller: Caller,
    @Query() query: RetentionQueryDto,
    @AcceptLanguage() acceptLanguage?: string,
  ): Promise<RetentionReportDto | StreamableFile> {
    return this.reports.retention(caller, query, acceptLanguage);
  }

  @Get('attendance')
  @Authenticated({ permission: Permission.ReportRead })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    type: AttendanceReportDto,
    description: `Attendance per peer group (\`by=group\`) or per group and member (\`by=member\`) in the window. ${CSV} \`lang\`: the CSV headers' language.`,
  })
  attendance(
    @CurrentCaller() caller: Caller,
    @Query() query: AttendanceReportQueryDto,
    @AcceptLanguage() acceptLanguage?: string,
  ): Promise<AttendanceReportDto | StreamableFile> {
    return this.reports.attendance(caller, query, acceptLanguage);
  }

  @Get('dosing')
  @Authenticated({ permission: Permission.ReportRead })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    type: DosingReportDto,
    description: `Census, observed doses, missed-dose rate and methadone dispensed in the window, by day, ISO week or month (\`groupBy\`). ${CSV}`,
  })
  dosing(
    @CurrentCaller() caller: Caller,
    @Query() query: DosingReportQueryDto,
    @AcceptLanguage() acceptLanguage?: string,
  ): Promise<DosingReportDto | StreamableFile> {
    return this.reports.dosing(caller, query, acceptLanguage);
  }

  @Get('peer-uptake')
  @Authenticated({ permission: Permission.ReportRead })
  @ApiOkResponse({
    type: PeerUptakeReportDto,
    description:
      'Peer-group uptake in the window: the funnel of clients in treatment (with `peer_support` consent, members of a group, attended once, attended at least half their meetings) and the absences recorded by reason.',
  })
  peerUptake(@CurrentCaller() caller: Caller, @Query() query: PeerUptakeQueryDto): Promise<PeerUptakeReportDto> {
    return this.reports.peerUptake(caller, query);
  }

  @Get('drug-tests')
  @Authenticated({ permission: Permission.ReportRead })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    type: DrugTestReportDto,
    description:
      'Drug tests per calendar month of the window (default: the 12 months up to `to`): tests, refusals, positive opiate tests ' +
      `(refusals counted positive) and their rate. ${CSV}`,
  })
  drugTests(
    @CurrentCaller() caller: Caller,
    @Query() query: DrugTestReportQueryDto,
    @AcceptLanguage() acceptLanguage?: string,
  ): Promise<DrugTestReportDto | StreamableFile> {
    return this.reports.drugTests(caller, query, acceptLanguage);
  }
}
