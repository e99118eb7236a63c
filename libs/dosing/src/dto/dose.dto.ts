import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '@tongban/platform';
import { ActiveOrderDto } from './dose-order.dto';
import { StaffRefDto } from './staff-ref.dto';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class RecordDoseDto {
  @ApiProperty({ example: 60 })
  @IsNumber({ maxDecimalPlaces: 1 }, { message: 'doseMg must be a number of mg with at most one decimal' })
  @Min(0.5)
  @Max(500)
  doseMg!: number;

  @ApiProperty({ enum: ['observed', 'take_home'] })
  @IsIn(['observed', 'take_home'], { message: 'kind must be observed or take_home' })
  kind!: 'observed' | 'take_home';

  @ApiPropertyOptional({ format: 'date', description: 'Defaults to today in the clinic time zone; at most 7 days back, never ahead.' })
  @IsOptional()
  @Matches(DATE, { message: 'clinicDay must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'clinicDay must be a real calendar date' })
  clinicDay?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 6, description: 'take_home: the days after clinicDay it covers.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(6)
  coversDays?: number;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Why less than ordered (stored encrypted).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Required at the assess flag (stored encrypted).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  assessmentNote?: string;
}

export class DoseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date' }) clinicDay!: string;
  @ApiProperty() doseMg!: number;
  @ApiProperty({ enum: ['observed', 'take_home'] }) kind!: string;
  @ApiProperty() coversDays!: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) recordedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

/** A dose as the histories show it: who gave it, the notes, and whether it was voided. */
export class DoseListItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date' }) clinicDay!: string;
  @ApiProperty() doseMg!: number;
  @ApiProperty({ enum: ['observed', 'take_home'] }) kind!: string;
  @ApiProperty({ description: '1, or 2 for the second part of a split dose.' }) part!: number;
  @ApiProperty() coversDays!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Why less than ordered.' }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The assessment after missed days.' }) assessmentNote!: string | null;
  @ApiProperty({ type: StaffRefDto, nullable: true, description: 'null for imported history.' }) recordedBy!: StaffRefDto | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ description: 'A voided dose covers no day and counts in no total.' }) voided!: boolean;
  @ApiProperty({ nullable: true, type: String }) voidReason!: string | null;
}

export class VoidDoseDto {
  @ApiProperty({ maxLength: 2000, description: 'Why the dose is voided (stored encrypted).' })
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(2000)
  reason!: string;
}

/** A page of a client's doses, by clinic day, then the time recorded. */
export class DosePageDto {
  @ApiProperty({ type: [DoseListItemDto] }) items!: DoseListItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ListDosesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar date' })
  from?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'to must be a real calendar date' })
  to?: string;
}

/** A guest's home clinic (guest dosing). */
export class GuestDto {
  @ApiProperty() homeClinicCode!: string;
}

/** Where a client of the clinic doses as a guest today (guest dosing), until which day. */
export class GuestAtDto {
  @ApiProperty({ description: 'The host clinic’s code.' }) clinicCode!: string;
  @ApiProperty({ format: 'date', description: 'The last day of the arrangement.' }) until!: string;
}

export class DosingStatusDto {
  @ApiProperty({ format: 'date' }) clinicDay!: string;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'The last covered day up to today (today, once it is covered).',
  })
  lastDoseDay!: string | null;
  @ApiProperty() consecutiveMissedDays!: number;
  @ApiProperty({ enum: ['ok', 'assess', 'retitrate', 'dropped_out'] }) flag!: string;
  @ApiProperty({ type: ActiveOrderDto, nullable: true }) activeOrder!: ActiveOrderDto | null;
  @ApiProperty({
    description:
      'The order in force is suspended (re-titration): a physician must write an order effective on or after the day the threshold was reached.',
  })
  orderSuspended!: boolean;
  @ApiProperty({ description: 'The next dose needs an assessmentNote (missed days at or past the assess threshold, not yet dosed today).' })
  assessmentRequired!: boolean;
  @ApiProperty({ description: 'mg given at the window today (live observed parts).' }) givenTodayMg!: number;
  @ApiProperty({
    description: 'mg that may still be given today under the order (0 without one, once given, or when a take-home covers today).',
  })
  remainingTodayMg!: number;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'The last day of the unbroken run of covered days that includes today; null when today is not covered.',
  })
  coveredUntil!: string | null;
  @ApiProperty({
    description: 'A drug test is due today: chosen for today at random, or overdue this month (GET /drug-tests/due); false for a guest.',
  })
  drugTestDue!: boolean;
  @ApiProperty({
    type: GuestDto,
    nullable: true,
    description: 'Dosed here today as a guest of another clinic (guest dosing): the home clinic’s code; null for the clinic’s own.',
  })
  guest!: GuestDto | null;
}

export class DosingTodayItemDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ nullable: true, type: String }) preferredName!: string | null;
  @ApiProperty() givenName!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty({ format: 'date' }) dateOfBirth!: string;
  @ApiProperty({ description: 'A photo is on file (GET /clients/:id/photo).' }) hasPhoto!: boolean;
  @ApiProperty({ enum: ['ok', 'assess', 'retitrate', 'dropped_out'] }) flag!: string;
  @ApiProperty() consecutiveMissedDays!: number;
  @ApiProperty({ type: ActiveOrderDto, nullable: true }) activeOrder!: ActiveOrderDto | null;
  @ApiProperty({ description: 'As in dosing-status.' }) orderSuspended!: boolean;
  @ApiProperty({ description: 'As in dosing-status.' }) assessmentRequired!: boolean;
  @ApiProperty({ description: 'As in dosing-status.' }) givenTodayMg!: number;
  @ApiProperty({ description: 'As in dosing-status.' }) remainingTodayMg!: number;
  @ApiProperty({ description: 'Whether today is covered (observed today, or by a take-home).' }) dosed!: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'As in dosing-status: how far take-home doses reach.' })
  coveredUntil!: string | null;
  @ApiProperty({
    description: 'A drug test is due today: chosen for today at random, or overdue this month (GET /drug-tests/due); false for a guest.',
  })
  drugTestDue!: boolean;
  @ApiProperty({
    type: GuestDto,
    nullable: true,
    description: 'A guest of the day from another clinic (guest dosing), with the home clinic’s code; null for the clinic’s own clients.',
  })
  guest!: GuestDto | null;
  @ApiProperty({
    type: GuestAtDto,
    nullable: true,
    description: 'One of the clinic’s own clients who doses at another clinic today (guest dosing): where, and until when; else null.',
  })
  guestAt!: GuestAtDto | null;
}

export class DosingTodayQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'Searches as GET /clients does: a code, or a name, phone or national ID exactly.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class DosingTodayDto {
  @ApiProperty({ format: 'date' }) clinicDay!: string;
  @ApiProperty({ type: [DosingTodayItemDto] }) items!: DosingTodayItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
