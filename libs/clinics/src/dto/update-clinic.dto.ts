import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

/** `PATCH /clinics/:id`: what an admin may rename. The code and time zone stay (settings change the zone). */
export class UpdateClinicDto {
  @ApiProperty({ example: 'Kunming Clinic 1', minLength: 1, maxLength: 200, description: 'Stored without surrounding spaces.' })
  @IsString()
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name!: string;
}
