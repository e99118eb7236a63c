import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class RequestEmergencyAccessDto {
  @ApiProperty({ minLength: 10, maxLength: 2000, description: 'Why access is needed now; stored encrypted and shown to the coordinator.' })
  @IsString()
  @MinLength(10, { message: 'reason must be at least 10 characters' })
  @MaxLength(2000)
  reason!: string;
}

export class EmergencyAccessGrantedDto {
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
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
}
