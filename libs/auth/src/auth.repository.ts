import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { AuthSession } from './entities/auth-session.entity';
import { RefreshToken } from './entities/refresh-token.entity';

@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findSession(id: string): Promise<AuthSession | null> {
    return this.dataSource.getRepository(AuthSession).findOneBy({ id });
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
