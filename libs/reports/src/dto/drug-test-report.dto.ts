import { ApiProperty } from '@nestjs/swagger';

export class DrugTestMonthDto {
  @ApiProperty({ example: '2026-06', description: 'A calendar month (`YYYY-MM`) of the window; every month is listed.' }) month!: string;
  @ApiProperty({ description: 'Tests recorded on days of the month inside the window, refusals included.' }) tests!: number;
  @ApiProperty({ description: 'Of them, refused.' }) refused!: number;
  @ApiProperty({ description: 'Of them, positive for opiates (opiates, morphine or heroin), refusals counted positive.' })
  positiveOpiates!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'positiveOpiates ÷ tests; null when the month has no tests.' })
  rate!: number | null;
}

export class DrugTestReportDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: [DrugTestMonthDto] }) months!: DrugTestMonthDto[];
}
