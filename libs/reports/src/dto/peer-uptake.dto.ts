import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';
import { ABSENCE_REASONS } from '@tongban/peer-groups';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const UPTAKE_STEPS = ['in_treatment', 'consented', 'joined', 'attended_once', 'attended_half'] as const;
export type UptakeStep = (typeof UPTAKE_STEPS)[number];
export const UPTAKE_REASONS = [...ABSENCE_REASONS, 'unrecorded'] as const;

export class PeerUptakeQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'First day; default 29 days before `to` (30 days in all).' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar date' })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last day; default today (the clinic day). At most 10 years after `from`.' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'to must be a real calendar date' })
  to?: string;
}

export class UptakeStepDto {
  @ApiProperty({
    enum: UPTAKE_STEPS,
    description:
      '`in_treatment`: clients with an episode in the window; `consented`: of them, with a `peer_support` consent in force on the last day ' +
      '(or today, when the window ends later); `joined`: of them, a member of a group during the window; `attended_once`: of them, present ' +
      'at a meeting in the window; `attended_half`: of them, present at least at half the meetings recorded for them in the window.',
  })
  step!: UptakeStep;
  @ApiProperty() clients!: number;
}

export class AbsenceReasonCountDto {
  @ApiProperty({ enum: UPTAKE_REASONS, description: 'The reason recorded for an absence; `unrecorded` when none was.' }) reason!: string;
  @ApiProperty({ description: 'Absences recorded with it in the window.' }) absences!: number;
}

export class PeerUptakeReportDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: [UptakeStepDto], description: 'Each step a subset of the one before, in this order.' }) funnel!: UptakeStepDto[];
  @ApiProperty({ type: [AbsenceReasonCountDto], description: 'Every reason, zero included, in this order.' })
  absenceReasons!: AbsenceReasonCountDto[];
}
