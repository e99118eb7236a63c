import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { DoseListItemDto, GuestDto } from '../dto/dose.dto';

export const DAY_SHEET_FORMATS = ['json', 'csv', 'pdf'] as const;
export const DAY_SHEET_LANGUAGES = ['zh-CN', 'en'] as const;
export type DaySheetLanguage = (typeof DAY_SHEET_LANGUAGES)[number];

export class DaySheetQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'The clinic day; today in the clinic time zone by default.' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'date must be a real calendar date' })
  date?: string;

  @ApiPropertyOptional({ enum: DAY_SHEET_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(DAY_SHEET_FORMATS, { message: 'format must be json, csv or pdf' })
  format?: (typeof DAY_SHEET_FORMATS)[number];

  @ApiPropertyOptional({ enum: DAY_SHEET_LANGUAGES, description: 'The language of the CSV header and the PDF; else Accept-Language.' })
  @IsOptional()
  @IsIn(DAY_SHEET_LANGUAGES, { message: 'lang must be zh-CN or en' })
  lang?: DaySheetLanguage;
}

/**
 * A dose of the day sheet: as the dose histories show it, with the client's
 * code and name; a guest's (given here to a client of another clinic, guest
 * dosing) with the client's code and the home clinic's code only.
 */
export class DaySheetDoseDto extends DoseListItemDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null for a guest.' }) givenName!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null for a guest.' }) familyName!: string | null;
  @ApiProperty({ nullable: true, type: String }) preferredName!: string | null;
  @ApiProperty({
    type: GuestDto,
    nullable: true,
    description: 'A guest’s dose given here (guest dosing): the home clinic’s code; null for the clinic’s own clients.',
  })
  guest!: GuestDto | null;
}

export class DaySheetTotalsDto {
  @ApiProperty({ description: 'Dose records, voided ones excluded.' }) doses!: number;
  @ApiProperty({ description: 'mg given observed at the window.' }) observedMg!: number;
  @ApiProperty({ description: 'mg handed over to take home: doseMg × coversDays, summed.' }) takeHomeMg!: number;
  @ApiProperty({ description: 'observedMg + takeHomeMg: the methadone dispensed that day, for the stock count.' }) totalMg!: number;
}

/** The day's dispensing record (发药登记). */
export class DaySheetDto {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({
    type: [DaySheetDoseDto],
    description:
      'The doses given here, in the order recorded; voided doses included (voided: true). Guests’ doses given here are listed ' +
      '(guest), the clinic’s own clients’ doses given at a host clinic are not: the methadone left that clinic’s stock.',
  })
  doses!: DaySheetDoseDto[];
  @ApiProperty({ type: DaySheetTotalsDto }) totals!: DaySheetTotalsDto;
}
