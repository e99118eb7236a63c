import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RetentionFiguresDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'Kaplan-Meier survival at day 91 of an episode; null when no episode was followed that long (and not all dropped out before).',
  })
  m3!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The same at day 183.' }) m6!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The same at day 365.' }) m12!: number | null;
}

export class CurvePointDto {
  @ApiProperty({ description: 'Day of the curve (0 = start); the estimate holds from this day until the next point.' }) day!: number;
  @ApiProperty({ description: 'Share of episodes not dropped out by the end of the day.' }) survival!: number;
  @ApiProperty({ nullable: true, type: Number, description: '95% confidence band (log-log, Greenwood); null where survival is 0.' })
  lower!: number | null;
  @ApiProperty({ nullable: true, type: Number }) upper!: number | null;
  @ApiProperty({ description: 'Episodes still followed at the start of the day.' }) atRisk!: number;
  @ApiProperty({ description: 'Drop-outs on the day.' }) events!: number;
}

export class RetentionGroupDto {
  @ApiProperty({
    description:
      '`cohort`: the intake period (`cohortBy`): `YYYY-MM`, `YYYY-Q1`…`YYYY-Q4` or `YYYY`. `peer_support`: `yes` = attended (present at) at least one peer-group meeting ' +
      'from the day the episode began up to the day before the landmark, `no` = did not. `family_involvement`: `yes` = at least ' +
      'one family interaction in that time, `no` = none. `social_support`: `low`, `medium`, `high` = tertile of the baseline MSPSS ' +
      'total (mean of the 12 items, 1–7, of the first MSPSS dated 0–30 days after the start), cut at the 1/3 and 2/3 quantiles ' +
      '(interpolated, as percentile_cont) of this report’s own episodes with a baseline; a score equal to a cut goes to the lower ' +
      'group, so tied scores share a group. `unknown` = no MSPSS in that window. Curves from the start; the log-rank test compares the three tertiles.',
    example: 'yes',
  })
  key!: string;
  @ApiProperty({ description: 'Episodes in the group; small groups are shown with their size, never hidden.' }) episodes!: number;
  @ApiProperty({
    type: RetentionFiguresDto,
    description:
      'Landmark groups: survival at day 91/183/365 of the episode given in treatment at the landmark (null for a day before it).',
  })
  retention!: RetentionFiguresDto;
  @ApiProperty({ type: [CurvePointDto], description: 'Cohorts: days since the episode began. Landmark groups: days since the landmark.' })
  curve!: CurvePointDto[];
  @ApiPropertyOptional({
    description:
      'The last day (on the curve’s own time line) any episode of the group was followed, to an event or a censoring: draw the ' +
      'curve and its band flat from its last point to here. Absent when the group has no episode.',
  })
  followUp?: number;
}

export class LogRankDto {
  @ApiProperty({ description: 'Log-rank (Mantel-Haenszel) chi-square across the groups (0 with fewer than two groups to compare).' })
  chiSquare!: number;
  @ApiProperty({
    description: 'Its p-value, on (groups with expected drop-outs − 1) degrees of freedom; 1 when there is nothing to compare.',
  })
  pValue!: number;
}

export class RetentionReportDto {
  @ApiProperty({ format: 'date', description: 'Today in the clinic: open episodes are followed up to this day.' }) asOf!: string;
  @ApiProperty({ description: 'Episodes selected (by start date), all of them whatever `compare` says.' }) episodes!: number;
  @ApiProperty({ description: 'Of them, ended in drop-out (also a drop-out the records show but no one has read yet).' }) events!: number;
  @ApiProperty({ description: 'Of them, censored: completed, transferred, deceased, other, or still in treatment.' }) censored!: number;
  @ApiProperty({ type: RetentionFiguresDto }) retention!: RetentionFiguresDto;
  @ApiProperty({ type: [CurvePointDto], description: 'Day 0 and each day with a drop-out.' }) curve!: CurvePointDto[];
  @ApiPropertyOptional({
    description:
      'The last day of an episode followed up (to a drop-out or a censoring): the curve and its band hold flat from its last point to ' +
      'here. Absent when no episode is selected.',
  })
  followUp?: number;
  @ApiPropertyOptional({
    type: [RetentionGroupDto],
    description:
      'With `compare`. For `peer_support` and `family_involvement` only episodes still in treatment at the landmark ' +
      '(lasting at least `landmarkDays`) are in a group; both groups `yes` and `no` are always listed.',
  })
  groups?: RetentionGroupDto[];
  @ApiPropertyOptional({ type: LogRankDto, description: 'With `compare`: are the groups’ curves the same?' })
  logRank?: LogRankDto;
}
