import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CONSENT_SCOPES, type ConsentScope } from '../entities/consent.entity';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type ConsentStatus = 'active' | 'pending' | 'expired' | 'revoked';

export class RecordConsentDto {
  @ApiProperty({ enum: CONSENT_SCOPES })
  @IsIn(CONSENT_SCOPES, { message: `scope must be one of ${CONSENT_SCOPES.join(', ')}` })
  scope!: ConsentScope;

  @ApiPropertyOptional({ format: 'date', description: 'Defaults to today (clinic time zone); may lie in the past.' })
  @IsOptional()
  @Matches(DATE, { message: 'validFrom must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'validFrom must be a real calendar date' })
  validFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last day the consent holds; none means until revoked.' })
  @IsOptional()
  @Matches(DATE, { message: 'validUntil must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'validUntil must be a real calendar date' })
  validUntil?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Stored encrypted.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RevokeConsentDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'Stored encrypted.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class ConsentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CONSENT_SCOPES }) scope!: ConsentScope;
  @ApiProperty({ enum: ['active', 'pending', 'expired', 'revoked'] }) status!: ConsentStatus;
  @ApiProperty({ format: 'date' }) validFrom!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil!: string | null;
  @ApiProperty({ format: 'uuid' }) recordedBy!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) revokedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokeReason!: string | null;
}

/** A page of a client's consents, the latest recorded first. */
export class ConsentPageDto {
  @ApiProperty({ type: [ConsentDto] }) items!: ConsentDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
