import { ApiProperty } from '@nestjs/swagger';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../entities/peer-attendance.entity';

export class HistoryAttendanceDto {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ enum: ATTENDANCE_STATUSES }) status!: AttendanceStatus;
}

/** One membership of the client: a group from joining until leaving, with the attendance recorded during it. */
export class GroupMembershipDto {
  @ApiProperty({ format: 'uuid' }) groupId!: string;
  @ApiProperty() groupName!: string;
  @ApiProperty({ format: 'date-time' }) joinedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) leftAt!: string | null;
  @ApiProperty({ type: [HistoryAttendanceDto], description: 'By meeting date.' }) attendance!: HistoryAttendanceDto[];
}
