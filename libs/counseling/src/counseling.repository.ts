import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CounselingSession } from './entities/counseling-session.entity';

/** Where a page of a client's sessions ends, in their order (date, then when recorded, newest first). */
export interface SessionPosition {
  date: string;
  createdAt: Date;
  id: string;
}

@Injectable()
export class CounselingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `createdAt` comes from the app's Clock, like every other recorded instant. */
  insertSession(em: EntityManager, session: Omit<CounselingSession, 'id'>): Promise<CounselingSession> {
    return em.getRepository(CounselingSession).save(em.getRepository(CounselingSession).create(session));
  }

  /** A client's sessions newest first, `limit + 1` of them after `after`. */
  sessionsOfClientPage(clientId: string, limit: number, after?: SessionPosition): Promise<CounselingSession[]> {
    const query = this.dataSource.getRepository(CounselingSession).createQueryBuilder('s').where('s.client_id = :clientId', { clientId });
    if (after) {
      query.andWhere('(s.date, s.created_at, s.id) < (:afterDate, :afterCreatedAt, :afterId)', {
        afterDate: after.date,
        afterCreatedAt: after.createdAt,
        afterId: after.id,
      });
    }
    return query
      .orderBy('s.date', 'DESC')
      .addOrderBy('s.created_at', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }
}
