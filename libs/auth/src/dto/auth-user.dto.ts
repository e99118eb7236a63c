import { ApiProperty } from '@nestjs/swagger';
import { Role } from '@tongban/platform';
import { StaffPrincipal } from '@tongban/staff';

export class AuthUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: Role }) role!: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) clinicId!: string | null;

  static from(principal: StaffPrincipal): AuthUserDto {
    const { id, username, displayName, role, clinicId } = principal;
    return { id, username, displayName, role, clinicId };
  }
}
