import { ApiProperty } from '@nestjs/swagger';
import { AuthUserDto } from './auth-user.dto';

export class TokenPairDto {
  @ApiProperty({ description: 'JWT for `Authorization: Bearer`; lives 15 minutes.' }) accessToken!: string;
  @ApiProperty({ description: 'Works once, at POST /auth/refresh.' }) refreshToken!: string;
  @ApiProperty({ example: 900, description: 'Seconds until the access token expires.' }) expiresIn!: number;
  @ApiProperty({ type: AuthUserDto }) user!: AuthUserDto;
}
