import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '@tongban/platform';
import { TRANSFER_STATUSES, type TransferStatus } from '../entities/client-transfer.entity';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ProposeTransferDto {
  @ApiProperty({ format: 'uuid', description: 'The receiving clinic: another clinic of this Tongban.' })
  @IsNotEmpty({ message: 'toClinicId is required' })
  @IsUUID('all', { message: 'toClinicId must be a UUID' })
  toClinicId!: string;

  @ApiProperty({ format: 'date', description: 'The day of the move: the home episode ends on it and the new one starts on it.' })
  @IsNotEmpty({ message: 'date is required' })
  @Matches(DATE, { message: 'date must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'date must be a real calendar date' })
  date!: string;

  @ApiProperty({ enum: [true], description: 'The client agreed to the transfer and to their record going with them.' })
  @Equals(true, { message: 'clientAgreed must be true: the client’s agreement is required' })
  clientAgreed!: true;
}

export class TransferDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The client’s record at the home clinic.' }) clientId!: string;
  @ApiProperty({ description: 'The client’s code at the home clinic (pseudonymous).' }) clientCode!: string;
  @ApiProperty({ format: 'uuid' }) fromClinicId!: string;
  @ApiProperty() fromClinicCode!: string;
  @ApiProperty({ format: 'uuid' }) toClinicId!: string;
  @ApiProperty() toClinicCode!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ enum: TRANSFER_STATUSES }) status!: TransferStatus;
  @ApiProperty({ format: 'date-time' }) proposedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Once accepted: the client’s record at the receiving clinic.' })
  newClientId!: string | null;
}

export class TransferPageDto {
  @ApiProperty({ type: [TransferDto] }) items!: TransferDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ListTransfersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['incoming', 'outgoing'],
    default: 'incoming',
    description: '`incoming`: proposed to the caller’s clinic; `outgoing`: proposed by it.',
  })
  @IsIn(['incoming', 'outgoing'], { message: 'direction must be incoming or outgoing' })
  direction: 'incoming' | 'outgoing' = 'incoming';

  @ApiPropertyOptional({ enum: TRANSFER_STATUSES })
  @IsOptional()
  @IsIn(TRANSFER_STATUSES, { message: `status must be one of ${TRANSFER_STATUSES.join(', ')}` })
  status?: TransferStatus;
}
