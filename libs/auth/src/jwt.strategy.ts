import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AppConfig } from '@tongban/platform';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AuthService, SignedInCaller } from './auth.service';
import { AccessTokenClaims, jwtKeyOf } from './token-settings';

/** Verifies the bearer token, then checks that its account and session are still live. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt hands the key to jsonwebtoken's verify, which takes a KeyObject (see jwtKeyOf);
      // its typings only list string | Buffer.
      secretOrKey: jwtKeyOf(config.jwtSecret) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<SignedInCaller | false> {
    if (typeof claims?.sub !== 'string' || typeof claims.sid !== 'string') return false;
    return (await this.auth.callerOf(claims)) ?? false;
  }
}
