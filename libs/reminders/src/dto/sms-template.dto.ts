import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SMS_PROVIDERS, type SmsProvider } from '@tongban/platform';
import { REMINDER_KINDS, type ReminderKind } from '../entities/reminder.entity';

const PHONE = /^\+?[0-9][0-9 ()-]{4,24}$/;

export class PutSmsTemplateDto {
  @ApiProperty({ minLength: 1, maxLength: 64, example: 'SMS_123456789', description: 'The provider’s code of the approved template.' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'templateCode must be letters, digits, dots, dashes or underscores' })
  templateCode!: string;

  @ApiProperty({
    type: [String],
    maxItems: 10,
    example: ['when'],
    description:
      'The template’s parameter names, in the template’s order (Tencent Cloud fills them by position). Per kind: appointment and ' +
      'meeting when, date, time; consent_expiry code, scope, validUntil; missed_dose and family_outreach none. Another name is a 400.',
  })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  params!: string[];

  @ApiProperty({
    minLength: 1,
    maxLength: 500,
    example: '您好，提醒您：您于${when}有一个预约。',
    description:
      'The text as the provider approved it, with ${name} placeholders for the parameters. A text to clients or relatives may not ' +
      'name drugs, methadone, addiction, treatment or the clinic’s purpose, in either language (422 TEMPLATE_NOT_DISCREET).',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(/\S/, { message: 'previewText must not be blank' })
  previewText!: string;
}

export class SmsTemplateDto {
  @ApiProperty({ enum: REMINDER_KINDS }) kind!: ReminderKind;
  @ApiProperty() templateCode!: string;
  @ApiProperty({ type: [String] }) params!: string[];
  @ApiProperty() previewText!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SmsTemplateParamsDto {
  @ApiProperty({ enum: REMINDER_KINDS }) kind!: ReminderKind;
  @ApiProperty({ type: [String], description: 'The parameter names a template of this kind may use.' }) allowed!: string[];
}

export class SmsTemplatesDto {
  @ApiProperty({ enum: SMS_PROVIDERS, description: 'The SMS provider in use (SMS_PROVIDER): templates apply to aliyun and tencent.' })
  provider!: SmsProvider;
  @ApiProperty({ type: [SmsTemplateDto], description: 'The clinic’s templates, one per kind at most.' }) items!: SmsTemplateDto[];
  @ApiProperty({ type: [SmsTemplateParamsDto] }) params!: SmsTemplateParamsDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Sample values for previews, by parameter name.',
  })
  sampleValues!: Record<string, string>;
}

export class SendSmsTestDto {
  @ApiProperty({ example: '13800000000', description: 'Where the test message goes: the caller’s own phone. Not stored.' })
  @IsString()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone!: string;
}

export class SmsTestResultDto {
  @ApiProperty({ enum: ['sent', 'failed'] }) status!: 'sent' | 'failed';
  @ApiProperty({ nullable: true, type: String, description: 'Why it failed: ours or the provider’s own code (ALIYUN:…, TENCENT:…).' })
  errorCode!: string | null;
}
