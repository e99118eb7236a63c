import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '@tongban/platform';
import {
  REMINDER_CHANNELS,
  REMINDER_KINDS,
  REMINDER_RECIPIENTS,
  REMINDER_STATUSES,
  type ReminderChannel,
  type ReminderKind,
  type ReminderRecipient,
  type ReminderStatus,
} from '../entities/reminder.entity';

/** A reminder as the coordinator reviews it: what, to whom (by kind), when, and what became of it. No address, no text. */
export class ReminderDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REMINDER_KINDS }) kind!: ReminderKind;
  @ApiProperty({ enum: REMINDER_CHANNELS }) channel!: ReminderChannel;
  @ApiProperty({ enum: REMINDER_RECIPIENTS }) recipient!: ReminderRecipient;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The client it is for or about.' }) clientId!: string | null;
  @ApiProperty({ format: 'date-time' }) scheduledFor!: string;
  @ApiProperty({
    enum: REMINDER_STATUSES,
    description: '`held` waits for the end of the clinic’s quiet hours; `failed` and `cancelled` carry the reason in lastErrorCode.',
  })
  status!: ReminderStatus;
  @ApiProperty({ description: 'Attempts made to hand it to the provider.' }) attempts!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'PROVIDER_ERROR',
    description:
      'Why the last attempt failed or why it was cancelled: CHANNEL_NOT_CONFIGURED, NO_ADDRESS, PROVIDER_ERROR, PROVIDER_REJECTED, ' +
      'PROVIDER_TIMEOUT, NETWORK_ERROR, TEXT_NOT_DISCREET, CLIENT_NOT_ACTIVE, CONSENT_INACTIVE, CONTACT_NOT_ALLOWED, NOT_A_MEMBER, ' +
      'EVENT_PASSED, STAFF_INACTIVE, CONSENT_ENDED, CANCELLED_BY_STAFF.',
  })
  lastErrorCode!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) sentAt!: string | null;
}

export class ReminderPageDto {
  @ApiProperty({ type: [ReminderDto], description: 'Newest scheduledFor first.' }) items!: ReminderDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ListRemindersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REMINDER_STATUSES })
  @IsOptional()
  @IsIn(REMINDER_STATUSES, { message: `status must be one of ${REMINDER_STATUSES.join(', ')}` })
  status?: ReminderStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId?: string;
}
