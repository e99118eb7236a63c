import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** A phone number, validated as a client's phone is. */
export const PHONE = /^\+?[0-9][0-9 ()-]{4,24}$/;
/** At least one character that is not white space. */
export const NOT_BLANK = /\S/;

export class CreateFamilyContactDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: '李秀英', description: 'Stored encrypted.' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(100)
  name!: string;

  @ApiProperty({ minLength: 1, maxLength: 50, example: 'mother', description: 'Free text. Stored encrypted.' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'relationship must not be blank' })
  @MaxLength(50)
  relationship!: string;

  @ApiPropertyOptional({ example: '+86 138 0013 8000', nullable: true, type: String, description: 'Stored encrypted.' })
  @IsOptional()
  @IsString()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string | null;

  @ApiProperty({ description: 'The client allows the clinic to contact this person (an active family_contact consent is needed as well).' })
  @IsBoolean()
  mayContact!: boolean;

  @ApiPropertyOptional({ nullable: true, type: Boolean })
  @IsOptional()
  @IsBoolean()
  livesWithClient?: boolean | null;

  @ApiPropertyOptional({ maxLength: 5000, nullable: true, type: String, description: 'How this person is involved. Stored encrypted.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string | null;
}
