import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, CurrentRequest, Permission, Public, type RequestMeta } from '@tongban/platform';
import { AuthService } from './auth.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { CurrentUserDto } from './dto/current-user.dto';
import { LoginDto } from './dto/login.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { TokenPairDto } from './dto/token-pair.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password (the same answer for both).' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins for this username within 15 minutes.' })
  login(@CurrentRequest() meta: RequestMeta, @Body() dto: LoginDto): Promise<TokenPairDto> {
    return this.auth.login(meta, dto.username, dto.password);
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'Unknown, expired or spent token; a spent one revokes its whole chain.' })
  refresh(@CurrentRequest() meta: RequestMeta, @Body() dto: RefreshTokenDto): Promise<TokenPairDto> {
    return this.auth.refresh(meta, dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated({ permission: Permission.SelfLogout })
  @ApiNoContentResponse()
  logout(@CurrentCaller() caller: Caller, @Body() dto: RefreshTokenDto): Promise<void> {
    return this.auth.logout(caller, dto.refreshToken);
  }

  @Get('me')
  @Authenticated({ permission: Permission.SelfRead })
  @ApiOkResponse({ type: CurrentUserDto })
  me(@CurrentCaller() caller: Caller): Promise<CurrentUserDto> {
    return this.auth.me(caller);
  }

  @Post('password')
  @HttpCode(204)
  @Authenticated({ permission: Permission.SelfPasswordChange })
  @ApiNoContentResponse({ description: 'Changed; every other session of the account has ended.' })
  @ApiTooManyRequestsResponse({ description: 'Too many wrong current passwords within 15 minutes (every attempt is audited).' })
  changePassword(@CurrentCaller() caller: Caller, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(caller, dto.currentPassword, dto.newPassword);
  }
}
