import { ApiProperty } from '@nestjs/swagger';
import { REMINDER_KINDS, type ReminderKind } from '../entities/reminder.entity';

/** An in-app notice to the caller. */
export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REMINDER_KINDS }) kind!: ReminderKind;
  @ApiProperty({ example: '来访者 KM01-000123 的“短信提醒”同意将于 2026-03-17 到期，请及时与其确认是否续签。' }) text!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) clientId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readAt!: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto], description: 'The caller’s own notices, newest first.' }) items!: NotificationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
