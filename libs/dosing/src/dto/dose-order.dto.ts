import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class CreateDoseOrderDto {
  @ApiProperty({ example: 60, description: 'Daily dose in mg (0.5 mg steps).' })
  @IsNumber({ maxDecimalPlaces: 1 }, { message: 'doseMg must be a number of mg with at most one decimal' })
  @Min(0.5)
  @Max(500)
  doseMg!: number;

  @ApiProperty({ format: 'date' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveDate must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'effectiveDate must be a real calendar date' })
  effectiveDate!: string;

  @ApiPropertyOptional({ default: false, description: 'Two parts a day whose sum may not exceed the dose.' })
  @IsOptional()
  @IsBoolean()
  splitDose?: boolean;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: 6 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(6)
  takeHomeDaysPerWeek?: number;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Stored encrypted.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class DoseOrderDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() doseMg!: number;
  @ApiProperty({ format: 'date' }) effectiveDate!: string;
  @ApiProperty() splitDose!: boolean;
  @ApiProperty() takeHomeDaysPerWeek!: number;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ format: 'uuid' }) orderedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** A page of a client's orders, the latest in force first. */
export class DoseOrderPageDto {
  @ApiProperty({ type: [DoseOrderDto] }) items!: DoseOrderDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** The order in force, as the dispensing window shows it. */
export class ActiveOrderDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() doseMg!: number;
  @ApiProperty({ format: 'date' }) effectiveDate!: string;
  @ApiProperty() splitDose!: boolean;
  @ApiProperty() takeHomeDaysPerWeek!: number;
}
