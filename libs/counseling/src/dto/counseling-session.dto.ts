import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { APPOINTMENT_REMINDER_REASONS, type AppointmentReminderNotScheduledReason } from '../counseling-events';
import { COUNSELING_TYPES, type CounselingType } from '../entities/counseling-session.entity';

/** A session as metadata only: what a caller without access to counseling notes (a coordinator) sees. */
export class CounselingSessionSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ enum: COUNSELING_TYPES }) type!: CounselingType;
  @ApiProperty({ minimum: 1, maximum: 600 }) minutes!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) nextAppointmentAt!: string | null;
  @ApiProperty({ format: 'uuid' }) counselorId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** A session with its topics and notes: the client's counselor's view (and emergency access). */
export class CounselingSessionDto extends CounselingSessionSummaryDto {
  @ApiProperty({ type: [String] }) topics!: string[];
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
}

/** Where the reminder of the session's next appointment stands. */
export class AppointmentReminderDto {
  @ApiProperty({
    enum: ['scheduled', 'held', 'sent', 'failed', 'cancelled', 'not_scheduled'],
    description:
      '`scheduled`: goes out at `scheduledFor`; `held`: its time falls in the clinic’s quiet hours, it goes out at `heldUntil`; ' +
      '`not_scheduled`: no reminder, for `reason`.',
  })
  status!: 'scheduled' | 'held' | 'sent' | 'failed' | 'cancelled' | 'not_scheduled';
  @ApiPropertyOptional({ enum: ['sms', 'email'] }) channel?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the reminder is due (24 hours before, or at once).' })
  scheduledFor?: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String, description: 'A held reminder goes out when quiet hours end.' })
  heldUntil?: string | null;
  @ApiPropertyOptional({
    enum: APPOINTMENT_REMINDER_REASONS,
    description:
      'NO_CONSENT: no sms_reminders or email_reminders consent in force; NO_CONTACT: a consent but no phone or e-mail for it; ' +
      'PAST: the appointment is not ahead; CLIENT_NOT_ACTIVE: the client is not in treatment.',
  })
  reason?: AppointmentReminderNotScheduledReason;
}

/** The answer to logging a session: the session and, with a next appointment, where its reminder stands. */
export class CreatedCounselingSessionDto extends CounselingSessionDto {
  @ApiProperty({ type: AppointmentReminderDto, nullable: true, description: 'null without a next appointment.' })
  appointmentReminder!: AppointmentReminderDto | null;
}

@ApiExtraModels(CounselingSessionDto, CounselingSessionSummaryDto)
export class CounselingSessionPageDto {
  @ApiProperty({
    type: 'array',
    items: { oneOf: [{ $ref: getSchemaPath(CounselingSessionDto) }, { $ref: getSchemaPath(CounselingSessionSummaryDto) }] },
    description:
      'Newest first (by date, then by when recorded). Callers who may read counseling notes get CounselingSessionDto; ' +
      'others (a coordinator) get CounselingSessionSummaryDto, without the `topics` and `notes` keys.',
  })
  items!: Array<CounselingSessionDto | CounselingSessionSummaryDto>;
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
