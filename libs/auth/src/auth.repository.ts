import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PreparedStatements, sql } from '@tongban/platform';
import { ClinicJson, clinicJsonSql } from '@tongban/clinics';
import { StaffPrincipal } from '@tongban/staff';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { AuthSession } from './entities/auth-session.entity';
import { RefreshToken } from './entities/refresh-token.entity';

@Injectable()
export class AuthRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly prepared: PreparedStatements,
  ) {}

  findSession(id: string): Promise<AuthSession | null> {
    return this.dataSource.getRepository(AuthSession).findOneBy({ id });
  }

  /**
   * An access token's session together with its account, in one round trip:
   * every authenticated request asks this. Null when either is gone or the
   * session belongs to someone else. The account is read from the `staff`
   * table here (as StaffService.principal maps it) instead of through
   * StaffService, to spare each request a statement; whether the session may
   * act is still decided by `sessionIsLive`. The account's clinic comes with
   * them (clinics' `clinicJsonSql`), for the request's services to use
   * without reading it again (`Caller.clinic`).
   */
  async findSessionWithPrincipal(
    sessionId: string,
    staffId: string,
  ): Promise<{ session: AuthSession; principal: StaffPrincipal; clinic: ClinicJson | null } | null> {
    const row = await sql`SELECT s.id, s.staff_id, s.created_at, s.expires_at, s.revoked_at, s.revoked_reason,
                                 st.username, st.display_name, st.role, st.clinic_id, st.active, st.sessions_valid_after,
                                 st.must_change_password, ${clinicJsonSql(sql`st.clinic_id`)} AS clinic
                            FROM auth_session s JOIN staff st ON st.id = s.staff_id
                           WHERE s.id = ${sessionId} AND s.staff_id = ${staffId}`
      .named('auth.session')
      .maybeOne<
        Pick<AuthSession, 'id' | 'staffId' | 'createdAt' | 'expiresAt' | 'revokedAt' | 'revokedReason'> &
          Omit<StaffPrincipal, 'id'> & { clinic: ClinicJson | null }
      >(this.prepared);
    if (!row) return null;
    return {
      session: {
        id: row.id,
        staffId: row.staffId,
        createdAt: row.createdAt,
        expiresAt: row.expiresAt,
        revokedAt: row.revokedAt,
        revokedReason: row.revokedReason,
      },
      principal: {
        id: row.staffId,
        username: row.username,
        displayName: row.displayName,
        role: row.role,
        clinicId: row.clinicId,
        active: row.active,
        sessionsValidAfter: row.sessionsValidAfter,
        mustChangePassword: row.mustChangePassword,
      },
      clinic: row.clinic,
    };
  }

  createSession(em: EntityManager, staffId: string, expiresAt: Date): Promise<AuthSession> {
    return em.getRepository(AuthSession).save(em.getRepository(AuthSession).create({ staffId, expiresAt, revokedAt: null }));
  }

  createRefreshToken(em: EntityManager, sessionId: string, tokenHash: string, expiresAt: Date): Promise<RefreshToken> {
    return em.getRepository(RefreshToken).save(em.getRepository(RefreshToken).create({ sessionId, tokenHash, expiresAt, usedAt: null }));
  }

  findRefreshTokenByHash(tokenHash: string): Promise<RefreshToken | null> {
    return this.dataSource.getRepository(RefreshToken).findOneBy({ tokenHash });
  }

  /** Spends a refresh token; false when it was spent already (by a concurrent request, say). */
  async spendRefreshToken(em: EntityManager, id: string): Promise<boolean> {
    const result = await em
      .getRepository(RefreshToken)
      .createQueryBuilder()
      .update()
      .set({ usedAt: () => 'now()' })
      .where('id = :id AND used_at IS NULL', { id })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  async revokeSession(em: EntityManager, id: string, reason: string): Promise<void> {
    await em.getRepository(AuthSession).update({ id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }

  async revokeOtherSessions(em: EntityManager, staffId: string, keepSessionId: string, reason: string): Promise<void> {
    await em
      .getRepository(AuthSession)
      .update({ staffId, id: Not(keepSessionId), revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }
}
