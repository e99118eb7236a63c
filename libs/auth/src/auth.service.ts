import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { CallersClinic, ClinicsService } from '@tongban/clinics';
import { actorOf, AuditService, Caller, PlatformErrorCode, PlatformException, RequestMeta } from '@tongban/platform';
import { normalizeUsername, StaffErrorCode, StaffException, StaffPrincipal, StaffService } from '@tongban/staff';
import { DataSource, EntityManager } from 'typeorm';
import { AuthRepository } from './auth.repository';
import { AuthUserDto } from './dto/auth-user.dto';
import { CurrentUserDto } from './dto/current-user.dto';
import { TokenPairDto } from './dto/token-pair.dto';
import { AuthSession } from './entities/auth-session.entity';
import { LoginThrottleRepository } from './login-throttle.repository';
import { ACCESS_TOKEN_SECONDS, AccessTokenClaims, REFRESH_TOKEN_SECONDS, SESSION_SECONDS } from './token-settings';

/** The caller the access guard puts on the request: who, and whether they must change their password first. */
export type SignedInCaller = Omit<Caller, 'requestId'> & { mustChangePassword: boolean };

function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

const WRONG_LOGIN = 'The username or password is not right.';

function rateLimited(what: string, lockedUntil: Date | null): PlatformException {
  const minutes = lockedUntil ? Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 60_000)) : 15;
  return new PlatformException(PlatformErrorCode.RATE_LIMITED, `Too many failed ${what}; try again in ${minutes} minutes.`);
}

/** A principal whose session may still act. */
export function sessionIsLive(session: AuthSession | null, principal: StaffPrincipal | null, now = new Date()): boolean {
  return (
    session !== null &&
    principal !== null &&
    principal.active &&
    session.staffId === principal.id &&
    session.revokedAt === null &&
    session.expiresAt.getTime() > now.getTime() &&
    session.createdAt.getTime() >= principal.sessionsValidAfter.getTime()
  );
}

/** Sign-in, token rotation with reuse detection, sign-out and password change. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: AuthRepository,
    private readonly throttle: LoginThrottleRepository,
    private readonly staff: StaffService,
    private readonly clinics: ClinicsService,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
  ) {}

  async login(meta: RequestMeta, username: string, password: string): Promise<TokenPairDto> {
    const throttleKey = sha256(normalizeUsername(username));
    // Counted before the password is checked, in one statement: concurrent attempts and other API processes see it.
    const attempt = await this.throttle.claimAttempt(throttleKey);
    if (!attempt.allowed) throw rateLimited('sign-ins for this username', attempt.lockedUntil);
    const { principal, known } = await this.staff.verifyCredentials(username, password);
    if (!principal) {
      if (known) {
        await this.dataSource.transaction((em) =>
          this.audit.record(
            em,
            { staffId: known.id, role: known.role, requestId: meta.requestId },
            {
              action: 'auth.login_failed',
              clinicId: known.clinicId,
              targetType: 'staff',
              targetId: known.id,
              details: { reason: known.active ? 'wrong_password' : 'inactive' },
            },
          ),
        );
      }
      throw PlatformException.unauthenticated(WRONG_LOGIN);
    }
    await this.throttle.clear(throttleKey);
    const user = await this.userOf(principal);
    return this.dataSource.transaction(async (em) => {
      const session = await this.sessions.createSession(em, principal.id, new Date(Date.now() + SESSION_SECONDS * 1000));
      const refreshToken = await this.issueRefreshToken(em, session.id);
      await this.audit.record(
        em,
        { staffId: principal.id, role: principal.role, requestId: meta.requestId },
        {
          action: 'auth.login',
          clinicId: principal.clinicId,
          targetType: 'staff',
          targetId: principal.id,
          details: { sessionId: session.id },
        },
      );
      return this.tokenPair(user, session.id, refreshToken);
    });
  }

  /**
   * Exchanges a refresh token for a new pair. A token works once: presenting
   * a spent one revokes its whole chain (someone else may hold a copy).
   */
  async refresh(meta: RequestMeta, presented: string): Promise<TokenPairDto> {
    const token = await this.sessions.findRefreshTokenByHash(sha256(presented));
    const session = token ? await this.sessions.findSession(token.sessionId) : null;
    const principal = session ? await this.staff.principal(session.staffId) : null;
    // Read before the transaction: on PGlite a read outside it would wait for the connection the transaction holds.
    const user = principal ? await this.userOf(principal) : null;
    const pair = !token
      ? null
      : await this.dataSource.transaction(async (em) => {
          if (token.usedAt !== null || !(await this.sessions.spendRefreshToken(em, token.id))) {
            if (session && session.revokedAt === null) await this.revokeReusedChain(em, meta, session, principal);
            return null;
          }
          if (!user || !sessionIsLive(session, principal) || token.expiresAt.getTime() <= Date.now()) return null;
          return this.tokenPair(user, session!.id, await this.issueRefreshToken(em, session!.id));
        });
    if (!pair) throw PlatformException.unauthenticated('This refresh token does not work; sign in again.');
    return pair;
  }

  /** Ends the caller's session, and the one the refresh token belongs to if it is the caller's. */
  async logout(caller: Caller, presented: string): Promise<void> {
    const token = await this.sessions.findRefreshTokenByHash(sha256(presented));
    const tokenSession = token ? await this.sessions.findSession(token.sessionId) : null;
    await this.dataSource.transaction(async (em) => {
      if (tokenSession && tokenSession.staffId === caller.staffId && tokenSession.id !== caller.sessionId) {
        await this.sessions.revokeSession(em, tokenSession.id, 'logout');
      }
      await this.sessions.revokeSession(em, caller.sessionId, 'logout');
      await this.audit.record(em, actorOf(caller), {
        action: 'auth.logout',
        clinicId: caller.clinicId,
        targetType: 'auth_session',
        targetId: caller.sessionId,
      });
    });
  }

  async me(caller: Caller): Promise<CurrentUserDto> {
    const principal = await this.staff.principal(caller.staffId);
    if (!principal) throw PlatformException.unauthenticated();
    return CurrentUserDto.of(await this.userOf(principal));
  }

  /**
   * Changes the caller's password; every other session of the account ends.
   * Wrong current passwords are throttled as sign-ins are (the count is
   * claimed before the check) and every attempt is audited.
   */
  async changePassword(caller: Caller, currentPassword: string, newPassword: string): Promise<void> {
    const throttleKey = sha256(`password-change:${caller.staffId}`);
    const attempt = await this.throttle.claimAttempt(throttleKey);
    if (!attempt.allowed) {
      await this.auditPasswordChangeRefused(caller, 'rate_limited');
      throw rateLimited('password changes', attempt.lockedUntil);
    }
    let passwordHash: string;
    try {
      passwordHash = await this.staff.preparePasswordChange(caller, currentPassword, newPassword);
    } catch (error) {
      if (error instanceof StaffException && error.code === (StaffErrorCode.CURRENT_PASSWORD_WRONG as string)) {
        await this.auditPasswordChangeRefused(caller, 'wrong_current_password');
      } else if (error instanceof PlatformException && error.code === (PlatformErrorCode.VALIDATION_FAILED as string)) {
        await this.auditPasswordChangeRefused(caller, 'same_password');
      }
      throw error;
    }
    await this.throttle.clear(throttleKey);
    await this.dataSource.transaction(async (em) => {
      await this.staff.applyPasswordChange(em, caller, passwordHash);
      await this.sessions.revokeOtherSessions(em, caller.staffId, caller.sessionId, 'password_change');
    });
  }

  private async auditPasswordChangeRefused(
    caller: Caller,
    reason: 'rate_limited' | 'wrong_current_password' | 'same_password',
  ): Promise<void> {
    await this.dataSource.transaction((em) =>
      this.audit.record(em, actorOf(caller), {
        action: 'auth.password_change_failed',
        clinicId: caller.clinicId,
        targetType: 'staff',
        targetId: caller.staffId,
        grounds: 'role',
        details: { reason },
      }),
    );
  }

  /** Whether a bearer access token (`Authorization` header value) belongs to a live session. */
  async isSignedIn(authorization: string | undefined): Promise<boolean> {
    const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return false;
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      return false;
    }
    if (typeof claims?.sub !== 'string' || typeof claims.sid !== 'string') return false;
    return (await this.callerOf(claims)) !== null;
  }

  /** The caller behind a verified access token, or null when its account or session no longer allows it. */
  async callerOf(claims: AccessTokenClaims): Promise<SignedInCaller | null> {
    const found = await this.sessions.findSessionWithPrincipal(claims.sid, claims.sub);
    if (!found || !sessionIsLive(found.session, found.principal)) return null;
    const { principal, session } = found;
    return {
      staffId: principal.id,
      username: principal.username,
      role: principal.role,
      clinicId: principal.clinicId,
      sessionId: session.id,
      mustChangePassword: principal.mustChangePassword,
      clinic: CallersClinic.of(found.clinic),
    };
  }

  /** A spent refresh token came back: someone may hold a copy, so the whole chain ends. */
  private async revokeReusedChain(
    em: EntityManager,
    meta: RequestMeta,
    session: AuthSession,
    principal: StaffPrincipal | null,
  ): Promise<void> {
    await this.sessions.revokeSession(em, session.id, 'refresh_token_reuse');
    await this.audit.record(
      em,
      { staffId: session.staffId, role: principal?.role ?? null, requestId: meta.requestId },
      {
        action: 'auth.refresh_token_reuse',
        clinicId: principal?.clinicId ?? null,
        targetType: 'auth_session',
        targetId: session.id,
      },
    );
  }

  private async issueRefreshToken(em: EntityManager, sessionId: string): Promise<string> {
    const secret = randomBytes(32).toString('base64url');
    await this.sessions.createRefreshToken(em, sessionId, sha256(secret), new Date(Date.now() + REFRESH_TOKEN_SECONDS * 1000));
    return secret;
  }

  /**
   * The signed-in user with their clinic's time zone, so that a device set to
   * another zone still reads and shows clinic times in the clinic's. Asked on
   * sign-in, refresh and /auth/me only, not on every request's session check.
   */
  private async userOf(principal: StaffPrincipal): Promise<AuthUserDto> {
    const clinic = principal.clinicId === null ? null : await this.clinics.requireClinic(principal.clinicId);
    return AuthUserDto.from(principal, clinic?.timeZone ?? null);
  }

  private async tokenPair(user: AuthUserDto, sessionId: string, refreshToken: string): Promise<TokenPairDto> {
    const claims: AccessTokenClaims = { sub: user.id, sid: sessionId, role: user.role };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: ACCESS_TOKEN_SECONDS });
    return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_SECONDS, user };
  }
}
