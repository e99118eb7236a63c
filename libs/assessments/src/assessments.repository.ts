import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { newestByDayPage, PairPosition } from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import { Assessment } from './entities/assessment.entity';
import type { InstrumentKey } from './instruments/instrument';

/** An assessment of a page of the list, with the time recorded exactly as stored (`instantKey`, for the cursor). */
export type ListedAssessment = Assessment & { instantKey: string };

@Injectable()
export class AssessmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `createdAt` comes from the app's Clock, like every other recorded instant. */
  insertAssessment(em: EntityManager, assessment: Omit<Assessment, 'id'>): Promise<Assessment> {
    return em.getRepository(Assessment).save(em.getRepository(Assessment).create(assessment));
  }

  /**
   * A client's assessments (of one instrument, or all) newest first (date,
   * then when recorded, then id), `limit + 1` of them after `after`.
   */
  assessmentsOfClientPage(
    clientId: string,
    instrument: InstrumentKey | undefined,
    limit: number,
    after?: PairPosition,
  ): Promise<ListedAssessment[]> {
    const query = this.dataSource.getRepository(Assessment).createQueryBuilder('a').where('a.client_id = :clientId', { clientId });
    if (instrument) query.andWhere('a.instrument = :instrument', { instrument });
    return newestByDayPage(query, { day: 'date', instant: 'created_at' }, limit, after);
  }
}
