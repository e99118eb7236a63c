import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { StaffRefDto } from './staff-ref.dto';

export class CreateDoseOrderDto {
  @ApiProperty({
    example: 60,
    minimum: 1,
    maximum: 500,
    multipleOf: 0.5,
    description: 'Daily dose in mg: 1 to 500 in steps of 0.5 (400 otherwise, never adjusted).',
  })
  @IsNumber({ maxDecimalPlaces: 1 }, { message: 'doseMg must be a number of mg with at most one decimal' })
  @Min(1)
  @Max(500)
  @ValidateBy({
    name: 'halfMilligramSteps',
    validator: {
      validate: (value: unknown) => typeof value === 'number' && Number.isInteger(value * 2),
      defaultMessage: () => 'doseMg must be in steps of 0.5 mg',
    },
  })
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

export const ORDER_STATUSES = ['active', 'scheduled', 'superseded', 'ended', 'voided'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export class DoseOrderDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() doseMg!: number;
  @ApiProperty({ format: 'date' }) effectiveDate!: string;
  @ApiProperty() splitDose!: boolean;
  @ApiProperty() takeHomeDaysPerWeek!: number;
  @ApiProperty({ nullable: true, type: String, description: 'The note for the window.' }) note!: string | null;
  @ApiProperty({
    enum: ORDER_STATUSES,
    description:
      'As of today in the clinic: active (in force), scheduled (takes effect later), superseded (a later order took over), ended (a physician ended it before today), voided.',
  })
  status!: OrderStatus;
  @ApiProperty({ format: 'uuid', description: 'The physician who wrote it (as writtenBy.id).' }) orderedBy!: string;
  @ApiProperty({ type: StaffRefDto }) writtenBy!: StaffRefDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'The last day in force, when ended early.' }) endDate!:
    string | null;
  @ApiProperty({ nullable: true, type: String }) endReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) voidReason!: string | null;
}

/** Why an order is ended early or voided. */
export class DoseOrderReasonDto {
  @ApiProperty({ maxLength: 2000, description: 'Stored encrypted.' })
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(2000)
  reason!: string;
}

export class EndDoseOrderDto extends DoseOrderReasonDto {
  @ApiProperty({
    format: 'date',
    description: 'The last day the order is in force: on or after its effective date and the last dose given under it.',
  })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'date must be a real calendar date' })
  date!: string;
}

/** Voiding an order written in error: why. */
export class VoidDoseOrderDto extends DoseOrderReasonDto {}

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
  @ApiProperty({ nullable: true, type: String, description: 'The note for the window.' }) note!: string | null;
}
