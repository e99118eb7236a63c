import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import {
  type AppLogger,
  AppLoggerToken,
  isDatabaseTimeout,
  isDatabaseUnavailable,
  Permission,
  PERMISSION_KEY,
  PERMISSIONS_BEFORE_PASSWORD_CHANGE,
  PlatformErrorCode,
  PlatformException,
  PUBLIC_KEY,
  roleHas,
} from '@tongban/platform';
import type { SignedInCaller } from './auth.service';

/**
 * The global guard. It denies by default: a route passes only if it is
 * declared `@Public()`, or `@Authenticated({ permission })` and the caller's
 * role holds that permission.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AppLoggerToken) private readonly logger: AppLogger,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    if (!permission) {
      this.logger.error({ handler: context.getHandler().name }, 'route has no access declaration; denied');
      throw PlatformException.forbidden();
    }
    await super.canActivate(context);
    const caller = context.switchToHttp().getRequest<{ user: SignedInCaller }>().user;
    if (!roleHas(caller.role, permission)) throw PlatformException.forbidden();
    // Deny by default: only the own account's routes answer until a password someone else set is changed.
    if (caller.mustChangePassword && !PERMISSIONS_BEFORE_PASSWORD_CHANGE.has(permission)) {
      throw new PlatformException(
        PlatformErrorCode.PASSWORD_CHANGE_REQUIRED,
        'Change the password you were given first (POST /api/v1/auth/password).',
      );
    }
    return true;
  }

  override handleRequest<T>(error: unknown, user: T | false): T {
    // A database outage or a statement past its time limit while checking the session is the server's problem (503),
    // not the caller's: a 401 would sign out a user whose session is fine.
    if (isDatabaseUnavailable(error) || isDatabaseTimeout(error)) throw error;
    if (error || !user) throw PlatformException.unauthenticated();
    return user;
  }
}
