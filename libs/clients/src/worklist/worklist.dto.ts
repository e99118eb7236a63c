import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '../dto/date';
import { WORKLIST_KINDS, type WorklistKind } from '../worklist-sources';

/** How far from today a worklist may be asked for (days either side). */
export const WORKLIST_DAYS_AROUND_TODAY = 7;

export class WorklistQueryDto {
  @ApiPropertyOptional({
    format: 'date',
    description: `The clinic day; today in the clinic's time zone by default. At most ${WORKLIST_DAYS_AROUND_TODAY} days from today (else 400 VALIDATION_FAILED).`,
  })
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}

export class WorklistItemDto {
  @ApiProperty({ enum: WORKLIST_KINDS }) kind!: WorklistKind;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) clientId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The client’s code.' }) code!: string | null;
  @ApiProperty({ format: 'date', description: 'The clinic day it is due on (earlier than the day asked about when overdue).' })
  dueOn!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'What the item is about, by kind (ids, dates, counts; never personal data): appointment `{ at, sessionId }`; ' +
      'missed_doses `{ missedDays, flag }`; consent_expiring `{ scope, validUntil, consentId }`; unassigned_client `{ since }`; ' +
      'reminder_failed `{ reminderId, reminderKind, channel, recipient, lastErrorCode }`; ' +
      'peer_meeting (a meeting of a group the peer leader leads, attendance not yet recorded; no client) `{ groupId, meetingId, groupName, startsAt }`; ' +
      'the kinds of other areas say their own.',
  })
  detail!: Record<string, string | number | boolean | null>;
}

export class WorklistDto {
  @ApiProperty({ format: 'date', description: 'The clinic day the list is for.' }) date!: string;
  @ApiProperty({ type: [WorklistItemDto], description: 'Earliest due first, then by kind and code.' }) items!: WorklistItemDto[];
}
