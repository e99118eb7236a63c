import { ApiProperty } from '@nestjs/swagger';
import { Role } from '@tongban/platform';
import { StaffPrincipal } from '@tongban/staff';

export class AuthUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: Role }) role!: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) clinicId!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Asia/Shanghai',
    description:
      "The IANA time zone of the user's clinic; null for an admin, who has no clinic. Clinic days and clinic times follow this " +
      'zone: a client app shows instants, and reads the times staff type, in it, whatever zone the device is set to.',
  })
  clinicTimeZone!: string | null;
  @ApiProperty({
    description:
      'The password was set by someone else (the first admin, an account just created, an admin reset): until the user ' +
      'changes it (POST /auth/password), every route but /auth/password, /auth/me, /auth/refresh and /auth/logout ' +
      'answers 403 PASSWORD_CHANGE_REQUIRED.',
  })
  mustChangePassword!: boolean;

  static from(principal: StaffPrincipal, clinicTimeZone: string | null): AuthUserDto {
    const { id, username, displayName, role, clinicId, mustChangePassword } = principal;
    return { id, username, displayName, role, clinicId, clinicTimeZone, mustChangePassword };
  }
}
