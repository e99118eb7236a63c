import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { RESEARCH_FORMATS, type ResearchFormat } from '../research-tables';

export class ResearchExportQueryDto {
  @ApiProperty({ enum: RESEARCH_FORMATS, description: 'The tables as CSV files or as Parquet files.' })
  @IsIn(RESEARCH_FORMATS, { message: `format must be one of ${RESEARCH_FORMATS.join(', ')}` })
  format!: ResearchFormat;

  @ApiProperty({
    example: 'retention-2027',
    description:
      'The research project the export is for (letters, digits, `.`, `_`, `-`; at most 64; case does not matter). ' +
      'Every export of one project gives a client the same research ID; two projects’ IDs cannot be linked.',
  })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message: 'project must be 1 to 64 letters, digits, dots, underscores or hyphens, starting with a letter or digit',
  })
  project!: string;
}

export class ResearchSummaryDto {
  @ApiProperty({ example: 5, description: 'k of the k-anonymity on (age band, sex, clinic).' })
  k!: number;

  @ApiProperty({ description: 'Clients of the clinic whose research consent is in force today.' })
  consentingClients!: number;

  @ApiProperty({ description: 'Of them, the clients an export made now would hold.' })
  exportedClients!: number;

  @ApiProperty({ description: 'Of them, the clients in a combination of (age band, sex, clinic) shared by fewer than k: suppressed.' })
  suppressedClients!: number;

  @ApiProperty({ description: 'How many such combinations there are.' })
  suppressedGroups!: number;
}
