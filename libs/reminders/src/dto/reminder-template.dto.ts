import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { REMINDER_KINDS, type ReminderKind } from '../entities/reminder.entity';
import { REMINDER_LANGUAGES, type ReminderLanguage } from '../entities/reminder-template.entity';

export class PutReminderTemplateDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 500,
    example: '您好，提醒您：您于{when}有一个预约。{note}',
    description:
      'The clinic’s text. Placeholders: appointment {when} {date} {time} {note}; meeting {when} {date} {time}; ' +
      'consent_expiry {code} {scope} {validUntil}; missed_dose and family_outreach none. A text to clients or relatives may not ' +
      'name drugs, methadone, addiction, treatment or the clinic’s purpose (422 TEMPLATE_NOT_DISCREET).',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(/\S/, { message: 'text must not be blank' })
  text!: string;
}

export class ReminderTemplateDto {
  @ApiProperty({ enum: REMINDER_KINDS }) kind!: ReminderKind;
  @ApiProperty({ enum: REMINDER_LANGUAGES }) language!: ReminderLanguage;
  @ApiProperty() text!: string;
  @ApiProperty({ description: 'The clinic’s own text (true) or the built-in one (false).' }) custom!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) updatedAt!: string | null;
}
