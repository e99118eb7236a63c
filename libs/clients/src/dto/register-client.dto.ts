import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { NotInFuture } from '@tongban/platform';
import { IsCalendarDate } from './date';

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const LANGUAGES = ['zh-CN', 'en'] as const;
export const PHONE = /^\+?[0-9][0-9 ()-]{4,24}$/;
export const NATIONAL_ID = /^[0-9A-Za-z]{6,32}$/;

export class RegisterClientDto {
  @ApiProperty({ example: '伟', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  givenName!: string;

  @ApiProperty({ example: '张', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  familyName!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, description: 'What peer leaders see, with the code.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  preferredName?: string | null;

  @ApiProperty({ format: 'date', example: '1985-04-12' })
  @IsCalendarDate()
  @NotInFuture()
  dateOfBirth!: string;

  @ApiProperty({ enum: SEXES })
  @IsIn(SEXES, { message: `sex must be one of ${SEXES.join(', ')}` })
  sex!: (typeof SEXES)[number];

  @ApiPropertyOptional({ type: String, nullable: true, example: '+86 138 0013 8000' })
  @IsOptional()
  @IsString()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'National ID number; unique within a clinic.' })
  @IsOptional()
  @IsString()
  @Matches(NATIONAL_ID, { message: 'nationalId must be 6 to 32 letters or digits' })
  nationalId?: string | null;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'zh-CN' })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `preferredLanguage must be one of ${LANGUAGES.join(', ')}` })
  preferredLanguage?: (typeof LANGUAGES)[number];

  @ApiProperty({ format: 'date', description: 'Starts the first treatment episode; may lie in the past, never in the future.' })
  @IsCalendarDate()
  @NotInFuture()
  intakeDate!: string;
}
