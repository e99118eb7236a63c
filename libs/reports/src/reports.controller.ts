import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Authenticated, Caller, CurrentCaller, Permission } from '@tongban/platform';
import { AttendanceReportDto } from './dto/attendance-report.dto';
import { DosingReportDto } from './dto/dosing-report.dto';
import { ReportWindowQueryDto, RetentionQueryDto } from './dto/report-query.dto';
import { RetentionReportDto } from './dto/retention-report.dto';
import { ReportsService } from './reports.service';

const CSV = '`format=csv`: the same as `text/csv; charset=utf-8` with a byte order mark (for Excel), one flat table, as an attachment.';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('retention')
  @Authenticated({ permission: Permission.ReportRead })
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiOkResponse({
    type: RetentionReportDto,
    description: `Kaplan-Meier retention of the clinic's episodes: drop-out is the event; completed, transferred, deceased, other and open episodes are censored. ${CSV} \`format=pdf\`: a one-page summary with the curve and its band.`,
  })
  retention(@CurrentCaller() caller: Caller, @Query() query: RetentionQueryDto): Promise<RetentionReportDto | StreamableFile> {
    return this.reports.retention(caller, query);
  }

  @Get('attendance')
  @Authenticated({ permission: Permission.ReportRead })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AttendanceReportDto, description: `Attendance per peer group in the window. ${CSV}` })
  attendance(@CurrentCaller() caller: Caller, @Query() query: ReportWindowQueryDto): Promise<AttendanceReportDto | StreamableFile> {
    return this.reports.attendance(caller, query);
  }

  @Get('dosing')
  @Authenticated({ permission: Permission.ReportRead })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: DosingReportDto, description: `Daily census, observed doses and missed-dose rate in the window. ${CSV}` })
  dosing(@CurrentCaller() caller: Caller, @Query() query: ReportWindowQueryDto): Promise<DosingReportDto | StreamableFile> {
    return this.reports.dosing(caller, query);
  }
}
