import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

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
  @ApiProperty({
    description:
      'Methadone handed over that day at this clinic, in mg: observed doses, and take-homes as dose × days covered (as the day sheet). ' +
      'Guests’ doses given here count (guest dosing); the clinic’s clients’ doses given at a host clinic count there, not here.',
  })
  dispensedMg!: number;
}

export class DosingPeriodDto {
  @ApiProperty({ description: '`week`: the date of its Monday (ISO week). `month`: `YYYY-MM`.', example: '2026-06' }) period!: string;
  @ApiProperty({ format: 'date', description: 'First day of the period inside the window.' }) from!: string;
  @ApiProperty({ format: 'date', description: 'Last day of the period inside the window.' }) to!: string;
  @ApiProperty({ description: 'Days of the period inside the window.' }) days!: number;
  @ApiProperty({ description: 'The mean daily census over those days.' }) census!: number;
  @ApiProperty({ description: 'Observed doses (clients dosed, per day) summed.' }) doses!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Missed client days ÷ client days in treatment, over the days that have ended; null when none has or the census is 0.',
  })
  missedRate!: number | null;
  @ApiProperty({ description: 'Methadone handed over in the period, in mg.' }) dispensedMg!: number;
}

export class DosingReportDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ enum: ['day', 'week', 'month'] }) groupBy!: 'day' | 'week' | 'month';
  @ApiPropertyOptional({ type: [DosingDayDto], description: 'With `groupBy=day` (default): every day of the window, in order.' })
  days?: DosingDayDto[];
  @ApiPropertyOptional({
    type: [DosingPeriodDto],
    description: 'With `groupBy=week` or `month`: every period touching the window, in order.',
  })
  periods?: DosingPeriodDto[];
}
