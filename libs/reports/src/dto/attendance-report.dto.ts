import { ApiProperty } from '@nestjs/swagger';

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

export class AttendanceReportDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: [GroupAttendanceDto], description: 'Every group of the clinic, by name.' }) groups!: GroupAttendanceDto[];
}
