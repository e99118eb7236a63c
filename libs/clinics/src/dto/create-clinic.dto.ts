import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsTimeZone } from '../time-zone';

export class CreateClinicDto {
  @ApiProperty({ example: 'KM01', description: '2 to 8 capital letters or digits; unique.' })
  @IsString()
  @Matches(/^[A-Z0-9]{2,8}$/, { message: 'code must be 2 to 8 capital letters or digits' })
  code!: string;

  @ApiProperty({ example: 'Kunming Clinic 1', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'Asia/Shanghai', default: 'Asia/Shanghai' })
  @IsOptional()
  @IsString()
  @IsTimeZone()
  timeZone?: string;
}
