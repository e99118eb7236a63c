import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class RequestEmergencyAccessDto {
  @ApiProperty({
    minLength: 10,
    maxLength: 2000,
    description: 'Why access is needed now, at least 10 characters other than spaces; stored encrypted and shown to the coordinator.',
  })
  @IsString()
  @Matches(/^(?:\s*\S){10}/u, { message: 'reason must have at least 10 characters other than spaces' })
  @MaxLength(2000)
  reason!: string;
}

export class EmergencyAccessGrantedDto {
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

/** Emergency access to a client known by their code: a search shows nothing of a client the caller may not see. */
export class RequestEmergencyAccessByCodeDto extends RequestEmergencyAccessDto {
  @ApiProperty({
    maxLength: 40,
    example: 'KM01-000123',
    description: 'The client’s whole code, exactly (case and surrounding spaces do not matter).',
  })
  @IsString()
  @Matches(/^\s*[A-Za-z0-9]{1,20}-\d{1,12}\s*$/u, { message: 'clientCode must be a whole client code such as KM01-000123' })
  @MaxLength(40)
  clientCode!: string;
}

export class EmergencyAccessByCodeGrantedDto extends EmergencyAccessGrantedDto {
  @ApiProperty({ format: 'uuid', description: 'The client opened, whose record may now be read.' }) clientId!: string;
}

export class EmergencyAccessDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty() staffRole!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'The same staff member opened this client in the 24 hours before this grant.' }) renewal!: boolean;
}
