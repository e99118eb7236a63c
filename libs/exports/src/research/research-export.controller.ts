import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, LongRequest, Permission } from '@tongban/platform';
import { ResearchExportQueryDto, ResearchSummaryDto } from './dto/research-export.dto';
import { ResearchExportService } from './research-export.service';

@ApiTags('exports')
@Controller('exports/research')
export class ResearchExportController {
  constructor(private readonly research: ResearchExportService) {}

  @Get()
  @Authenticated({ permission: Permission.ResearchExport })
  @LongRequest() // every consenting client's dosing, week by week
  @ApiProduces('application/zip')
  @ApiOkResponse({
    description:
      'The research export of the coordinator’s clinic: a ZIP with one file per table (clients, episodes, dosing_weeks, ' +
      'attendance, family_interactions, assessments, drug_tests; CSV or Parquet) and `codebook.md`, for the clients whose ' +
      '`research` consent is in force, de-identified: research IDs (a keyed hash under the project’s secret), no names, ' +
      'contacts, national IDs, codes or free text, ages in 5-year bands, dates as days from the episode’s start, and ' +
      'k-anonymity with k = 5 on (age band, sex, clinic): smaller groups are suppressed and counted in the codebook. ' +
      'Audited as a disclosure.',
  })
  export(@CurrentCaller() caller: Caller, @Query() query: ResearchExportQueryDto): Promise<StreamableFile> {
    return this.research.export(caller, query);
  }

  @Get('summary')
  @Authenticated({ permission: Permission.ResearchExport })
  @ApiOkResponse({
    type: ResearchSummaryDto,
    description: 'What an export made now would hold: consenting clients, and how many are suppressed.',
  })
  summary(@CurrentCaller() caller: Caller): Promise<ResearchSummaryDto> {
    return this.research.summary(caller);
  }
}
