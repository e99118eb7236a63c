import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Role } from '@tongban/platform';
import { IsPassword } from './password';

export class CreateStaffDto {
  @ApiProperty({ example: 'li.nurse', description: '3 to 64 letters, digits, dots, dashes or underscores; case does not matter.' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{3,64}$/, { message: 'username must be 3 to 64 letters, digits, dots, dashes or underscores' })
  username!: string;

  @IsPassword()
  password!: string;

  @ApiProperty({ example: '李护士', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  displayName!: string;

  @ApiProperty({ enum: Role })
  @IsEnum(Role, { message: `role must be one of ${Object.values(Role).join(', ')}` })
  role!: Role;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Required for every role but admin; absent or null for an admin.',
  })
  @IsOptional()
  @IsUUID()
  clinicId?: string | null;
}
