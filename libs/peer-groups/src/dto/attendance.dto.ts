import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { ABSENCE_REASONS, AbsenceReason, ATTENDANCE_STATUSES, type AttendanceStatus } from '../entities/peer-attendance.entity';

export const MAX_ATTENDANCE_RECORDS = 500;

export class AttendanceRecordDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId!: string;

  @ApiProperty({ enum: ATTENDANCE_STATUSES })
  @IsIn(ATTENDANCE_STATUSES, { message: `status must be one of ${ATTENDANCE_STATUSES.join(', ')}` })
  status!: AttendanceStatus;

  @ApiPropertyOptional({
    enum: ABSENCE_REASONS,
    nullable: true,
    description: 'Why the member was absent: only with status `absent` (else 400).',
  })
  @IsOptional()
  @IsIn(ABSENCE_REASONS, { message: `reason must be one of ${ABSENCE_REASONS.join(', ')}` })
  reason?: AbsenceReason | null;
}

export class RecordAttendanceDto {
  @ApiProperty({
    type: [AttendanceRecordDto],
    maxItems: MAX_ATTENDANCE_RECORDS,
    description: 'The whole attendance of the current, consenting members: members left out have their record removed.',
  })
  @IsArray()
  @ArrayMaxSize(MAX_ATTENDANCE_RECORDS)
  @ValidateNested({ each: true })
  @Type(() => AttendanceRecordDto)
  records!: AttendanceRecordDto[];
}

export class AttendanceEntryDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ example: 'KM01-000123' }) code!: string;
  @ApiProperty({ nullable: true, type: String }) preferredName!: string | null;
  @ApiProperty({ enum: ATTENDANCE_STATUSES }) status!: AttendanceStatus;
  @ApiProperty({ enum: ABSENCE_REASONS, nullable: true, description: 'Why the member was absent (absences only).' })
  reason!: AbsenceReason | null;
}

export class AttendanceDto {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty({ type: [AttendanceEntryDto], description: 'Current, consenting members only, by code.' })
  records!: AttendanceEntryDto[];
}
