import { ApiProperty } from '@nestjs/swagger';
import { Equals, IsISO8601, IsNotEmpty, IsUUID, Matches } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateGuestDosingDto {
  @ApiProperty({ format: 'uuid', description: 'The clinic that will dose the client: another clinic of this Tongban.' })
  @IsNotEmpty({ message: 'hostClinicId is required' })
  @IsUUID('all', { message: 'hostClinicId must be a UUID' })
  hostClinicId!: string;

  @ApiProperty({ format: 'date', description: 'The first day, today or later in the home clinic.' })
  @IsNotEmpty({ message: 'from is required' })
  @Matches(DATE, { message: 'from must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar date' })
  from!: string;

  @ApiProperty({ format: 'date', description: 'The last day; at most 30 days in all (422 GUEST_DOSING_TOO_LONG).' })
  @IsNotEmpty({ message: 'until is required' })
  @Matches(DATE, { message: 'until must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'until must be a real calendar date' })
  until!: string;

  @ApiProperty({
    enum: [true],
    description: 'The client agreed to be dosed at the host clinic, and to it seeing their identity, photo and order.',
  })
  @Equals(true, { message: 'clientAgreed must be true: the client’s agreement is required' })
  clientAgreed!: true;
}
