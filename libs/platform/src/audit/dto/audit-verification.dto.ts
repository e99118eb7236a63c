import { ApiProperty } from '@nestjs/swagger';

export class AuditVerificationDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'How many events were checked.' }) checked!: number;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The first event that does not fit its chain; null when all fit, or when events are missing at the end of a chain.',
  })
  firstBrokenId!: string | null;
}
