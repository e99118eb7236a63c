import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { NotInFuture } from '@tongban/platform';
import { IsCalendarDate } from './date';
import { LANGUAGES, NATIONAL_ID, PHONE, SEXES } from './register-client.dto';

const present = (_dto: object, value: unknown): boolean => value !== undefined;

/** Absent fields stay as they are; `null` clears an optional one. */
export class UpdateClientDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @ValidateIf(present)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  givenName?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @ValidateIf(present)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  familyName?: string;

  @ApiPropertyOptional({ maxLength: 100, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  preferredName?: string | null;

  @ApiPropertyOptional({ format: 'date' })
  @ValidateIf(present)
  @IsCalendarDate()
  @NotInFuture()
  dateOfBirth?: string;

  @ApiPropertyOptional({ enum: SEXES })
  @ValidateIf(present)
  @IsIn(SEXES, { message: `sex must be one of ${SEXES.join(', ')}` })
  sex?: (typeof SEXES)[number];

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string | null;

  @ApiPropertyOptional({ format: 'email', nullable: true, type: String })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @Matches(NATIONAL_ID, { message: 'nationalId must be 6 to 32 letters or digits' })
  nationalId?: string | null;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @ValidateIf(present)
  @IsIn(LANGUAGES, { message: `preferredLanguage must be one of ${LANGUAGES.join(', ')}` })
  preferredLanguage?: (typeof LANGUAGES)[number];
}
