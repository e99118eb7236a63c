import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { NOT_BLANK, PHONE } from './create-family-contact.dto';

const present = (_dto: object, value: unknown): boolean => value !== undefined;

/** Absent fields stay as they are; `null` clears an optional one (phone, livesWithClient, notes). */
export class UpdateFamilyContactDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @ValidateIf(present)
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 50 })
  @ValidateIf(present)
  @IsString()
  @Matches(NOT_BLANK, { message: 'relationship must not be blank' })
  @MaxLength(50)
  relationship?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string | null;

  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsBoolean()
  mayContact?: boolean;

  @ApiPropertyOptional({ nullable: true, type: Boolean })
  @IsOptional()
  @IsBoolean()
  livesWithClient?: boolean | null;

  @ApiPropertyOptional({ maxLength: 5000, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string | null;
}
