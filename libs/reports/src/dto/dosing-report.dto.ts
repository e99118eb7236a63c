import { ApiProperty } from '@nestjs/swagger';

export class DosingDayDto {
  @ApiProperty({ format: 'date' }) day!: string;
  @ApiProperty({ description: 'Clients in treatment that day (an episode open on it, drop-outs ending on their last covered day).' })
  census!: number;
  @ApiProperty({ description: 'Clients given an observed dose that day (a split dose counts once).' }) doses!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      '(census − clients covered that day by an observed dose or a take-home) ÷ census. Null when the census is 0, and for today, ' +
      'which is not missed until it has ended.',
  })
  missedRate!: number | null;
}

export class DosingReportDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: [DosingDayDto], description: 'Every day of the window, in order.' }) days!: DosingDayDto[];
}
