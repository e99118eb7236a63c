import { ApiProperty } from '@nestjs/swagger';
import { IsPassword } from '@tongban/staff';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  currentPassword!: string;

  @IsPassword()
  newPassword!: string;
}
