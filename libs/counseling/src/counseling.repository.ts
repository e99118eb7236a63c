import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { newestByDayPage, PairPosition, sql } from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import { CounselingSession } from './entities/counseling-session.entity';

/** A session of a page of the list, with the time recorded exactly as stored (`instantKey`, for the cursor). */
export type ListedCounselingSession = CounselingSession & { instantKey: string };

@Injectable()
export class CounselingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * For each of these clients of the clinic: the date of the latest session
   * and the earliest next appointment a session set that is still to come
   * (after `now`); clients without a session are left out.
   */
  async caseloadFactsOf(
    clinicId: string,
    clientIds: string[],
    now: Date,
  ): Promise<Array<{ clientId: string; lastSessionDate: string | null; nextAppointmentAt: Date | null }>> {
    if (clientIds.length === 0) return [];
    return sql`SELECT client_id, to_char(max(date), 'YYYY-MM-DD') AS last_session_date,
                      min(next_appointment_at) FILTER (WHERE next_appointment_at > ${now}::timestamptz) AS next_appointment_at
                 FROM counseling_session
                WHERE clinic_id = ${clinicId}::uuid AND client_id = ANY(${sql.uuids(clientIds)})
                GROUP BY client_id`.rows<{ clientId: string; lastSessionDate: string | null; nextAppointmentAt: Date | null }>(
      this.dataSource,
    );
  }

  /** `createdAt` comes from the app's Clock, like every other recorded instant. */
  insertSession(em: EntityManager, session: Omit<CounselingSession, 'id'>): Promise<CounselingSession> {
    return em.getRepository(CounselingSession).save(em.getRepository(CounselingSession).create(session));
  }

  /**
   * A client's sessions newest first (date, then when recorded, then id),
   * `limit + 1` of them after `after` (the date, then the time recorded).
   */
  sessionsOfClientPage(clientId: string, limit: number, after?: PairPosition): Promise<ListedCounselingSession[]> {
    const query = this.dataSource.getRepository(CounselingSession).createQueryBuilder('s').where('s.client_id = :clientId', { clientId });
    return newestByDayPage(query, { day: 'date', instant: 'created_at' }, limit, after);
  }
}
