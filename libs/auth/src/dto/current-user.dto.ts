import { ApiProperty } from '@nestjs/swagger';
import { Permission, permissionsOf } from '@tongban/platform';
import { AuthUserDto } from './auth-user.dto';

/** `GET /auth/me`: the signed-in user and what their role may do. */
export class CurrentUserDto extends AuthUserDto {
  @ApiProperty({
    enum: Permission,
    enumName: 'Permission',
    isArray: true,
    example: [Permission.SelfRead, Permission.ClientRead, Permission.DoseRecord],
    description:
      "The permissions the user's role holds, from the server's one role table: a client app shows an action only to a user " +
      'who holds the permission its route declares. Per-record rules (clinic, care team, consent) still apply on each request.',
  })
  permissions!: Permission[];

  static of(user: AuthUserDto): CurrentUserDto {
    return { ...user, permissions: permissionsOf(user.role) };
  }
}
