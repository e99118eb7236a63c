import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** An instant with its offset: `2026-03-02T09:30:00+08:00`, `2026-03-02T01:30:00.000Z`. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export class CreateReminderDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId!: string;

  @ApiProperty({
    enum: ['appointment'],
    description: 'Only appointment reminders are made by hand; the other kinds follow from the records.',
  })
  @IsIn(['appointment'], { message: 'kind must be appointment' })
  kind!: 'appointment';

  @ApiProperty({
    enum: ['sms', 'email'],
    description: 'Needs the client’s sms_reminders or email_reminders consent and a phone number or e-mail address.',
  })
  @IsIn(['sms', 'email'], { message: 'channel must be sms or email' })
  channel!: 'sms' | 'email';

  @ApiProperty({
    format: 'date-time',
    example: '2026-03-09T09:30:00+08:00',
    description:
      'When to send: an ISO 8601 instant with its offset, at most 366 days ahead. An instant up to 5 minutes past means now. ' +
      'In the clinic’s quiet hours the message is held until they end.',
  })
  @Matches(INSTANT, { message: 'sendAt must be an ISO 8601 instant with an offset' })
  @IsISO8601({ strict: true }, { message: 'sendAt must be a real instant' })
  sendAt!: string;

  @ApiPropertyOptional({
    maxLength: 300,
    description:
      'Added to the message. Stored encrypted. Like every text to a client, it may not name drugs, methadone, addiction or treatment (422 NOTE_NOT_DISCREET).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  note?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-03-10T09:30:00+08:00',
    description: 'The appointment itself, when known: the message names its day and time, and is cancelled once it has begun.',
  })
  @IsOptional()
  @Matches(INSTANT, { message: 'appointmentAt must be an ISO 8601 instant with an offset' })
  @IsISO8601({ strict: true }, { message: 'appointmentAt must be a real instant' })
  appointmentAt?: string;
}
