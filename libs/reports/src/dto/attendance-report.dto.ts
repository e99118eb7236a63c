import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class GroupAttendanceDto {
  @ApiProperty({ format: 'uuid' }) groupId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Meetings of the group dated in the window, up to today.' }) meetings!: number;
  @ApiProperty({ description: 'Distinct clients with an attendance record in the window.' }) members!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Records `present` ÷ all attendance records (present, absent, excused) in the window; null when none is recorded.',
  })
  attendanceRate!: number | null;
}

export class MemberAttendanceDto {
  @ApiProperty({ format: 'uuid' }) groupId!: string;
  @ApiProperty() groupName!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ description: "The client's code (never a name)." }) code!: string;
  @ApiProperty({ description: 'Meetings of the group in the window with a record for the client.' }) meetings!: number;
  @ApiProperty() present!: number;
  @ApiProperty() absent!: number;
  @ApiProperty() excused!: number;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'The last meeting of the group the client attended, up to `to` (also before `from`); null when never.',
  })
  lastAttended!: string | null;
}

export class AttendanceReportDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiPropertyOptional({ type: [GroupAttendanceDto], description: 'With `by=group` (default): every group of the clinic, by name.' })
  groups?: GroupAttendanceDto[];
  @ApiPropertyOptional({
    type: [MemberAttendanceDto],
    description:
      'With `by=member`: one row per group and client with attendance records in the window, by group name and code; only the clients the ' +
      'caller may see. The read is in the access log of each client shown.',
  })
  members?: MemberAttendanceDto[];
}
