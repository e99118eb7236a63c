import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hasConsentSql } from '@tongban/clients';
import { newestByDayPage, PairPosition, sql, Sql } from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import { CarePlan } from './entities/care-plan.entity';
import { CarePlanGoal } from './entities/care-plan-goal.entity';
import { CarePlanReview } from './entities/care-plan-review.entity';
import { Referral } from './entities/referral.entity';

/** A referral of a page of the list, with the time recorded exactly as stored (`instantKey`, for the cursor). */
export type ListedReferral = Referral & { instantKey: string };

/** A care plan of the clinic with the date its next review counts from (the latest review, or its start). */
@Injectable()
export class CarePlansRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  planOfEpisode(episodeId: string, em?: EntityManager): Promise<CarePlan | null> {
    return (em ?? this.dataSource.manager).getRepository(CarePlan).findOneBy({ episodeId });
  }

  /**
   * The episode's plan, started on `startedOn` by `createdBy` if it has none
   * yet; two first goals at once make one plan (the episode is unique).
   */
  async planOfEpisodeOrNew(
    em: EntityManager,
    plan: Pick<CarePlan, 'clientId' | 'clinicId' | 'episodeId' | 'startedOn' | 'createdBy'>,
  ): Promise<CarePlan> {
    await sql`INSERT INTO care_plan (client_id, clinic_id, episode_id, started_on, created_by)
              VALUES (${plan.clientId}::uuid, ${plan.clinicId}::uuid, ${plan.episodeId}::uuid, ${plan.startedOn}::date, ${plan.createdBy}::uuid)
              ON CONFLICT (episode_id) DO NOTHING`.execute(em);
    const found = await this.planOfEpisode(plan.episodeId, em);
    if (!found) throw new Error('The care plan just written is missing.');
    return found;
  }

  goalsOfPlan(planId: string, em?: EntityManager): Promise<CarePlanGoal[]> {
    return (em ?? this.dataSource.manager)
      .getRepository(CarePlanGoal)
      .find({ where: { carePlanId: planId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The reviews of the plan's goals, oldest first. */
  reviewsOfPlan(planId: string, em?: EntityManager): Promise<CarePlanReview[]> {
    return (em ?? this.dataSource.manager)
      .getRepository(CarePlanReview)
      .createQueryBuilder('r')
      .innerJoin(CarePlanGoal, 'g', 'g.id = r.goal_id')
      .where('g.care_plan_id = :planId', { planId })
      .orderBy('r.date', 'ASC')
      .addOrderBy('r.created_at', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
  }

  insertGoal(em: EntityManager, goal: Omit<CarePlanGoal, 'id'>): Promise<CarePlanGoal> {
    return em.getRepository(CarePlanGoal).save(em.getRepository(CarePlanGoal).create(goal));
  }

  saveGoal(em: EntityManager, goal: CarePlanGoal): Promise<CarePlanGoal> {
    return em.getRepository(CarePlanGoal).save(goal);
  }

  /** A goal of this plan, locked for the rest of the transaction. */
  findGoalOfPlanForUpdate(em: EntityManager, planId: string, goalId: string): Promise<CarePlanGoal | null> {
    return em.getRepository(CarePlanGoal).findOne({ where: { id: goalId, carePlanId: planId }, lock: { mode: 'pessimistic_write' } });
  }

  insertReview(em: EntityManager, review: Omit<CarePlanReview, 'id'>): Promise<CarePlanReview> {
    return em.getRepository(CarePlanReview).save(em.getRepository(CarePlanReview).create(review));
  }

  /**
   * Each client's latest care plan at the clinic among the clients of `seen`
   * (the worklist's relation of visible clients) in treatment, as a worklist
   * fragment (`care_plan_review`): its start, latest review and the open
   * episode's first day in `detail`, the day due left to the review rule.
   */
  latestPlansSql(clinicId: string): Sql {
    return sql`SELECT 'care_plan_review' AS kind, seen.id AS client_id, seen.code, NULL AS due_on,
                      json_build_object('startedOn', to_char(latest.started_on, 'YYYY-MM-DD'),
                                         'lastReviewedOn', to_char(latest.last_reviewed_on, 'YYYY-MM-DD'),
                                         'episodeStart', seen.episode_start) AS detail
                 FROM (SELECT DISTINCT ON (p.client_id) p.client_id, p.started_on,
                              (SELECT max(r.date) FROM care_plan_review r JOIN care_plan_goal g ON g.id = r.goal_id WHERE g.care_plan_id = p.id) AS last_reviewed_on
                         FROM care_plan p
                        WHERE p.clinic_id = ${clinicId}::uuid
                        ORDER BY p.client_id, p.started_on DESC, p.created_at DESC) latest
                 JOIN seen ON seen.id = latest.client_id
                WHERE seen.in_treatment
                ORDER BY latest.client_id`;
  }

  insertReferral(em: EntityManager, referral: Omit<Referral, 'id'>): Promise<Referral> {
    return em.getRepository(Referral).save(em.getRepository(Referral).create(referral));
  }

  saveReferral(em: EntityManager, referral: Referral): Promise<Referral> {
    return em.getRepository(Referral).save(referral);
  }

  findReferralOfClientForUpdate(em: EntityManager, clientId: string, referralId: string): Promise<Referral | null> {
    return em.getRepository(Referral).findOne({ where: { id: referralId, clientId }, lock: { mode: 'pessimistic_write' } });
  }

  /** A client's referrals newest first (date, then when recorded, then id), `limit + 1` of them after `after`. */
  referralsOfClientPage(clientId: string, limit: number, after?: PairPosition): Promise<ListedReferral[]> {
    const query = this.dataSource.getRepository(Referral).createQueryBuilder('r').where('r.client_id = :clientId', { clientId });
    return newestByDayPage(query, { day: 'date', instant: 'created_at' }, limit, after);
  }

  /**
   * The referrals this staff member made at the clinic that are still `made`
   * with no outcome and dated on or before `latestDate`, of clients of `seen`
   * (the worklist's relation of visible clients), as a worklist fragment
   * (`referral_follow_up`): the referral's id, service and date in `detail`.
   */
  referralsToFollowUpSql(clinicId: string, staffId: string, latestDate: string): Sql {
    return sql`SELECT 'referral_follow_up' AS kind, f.client_id, seen.code, NULL AS due_on,
                      json_build_object('referralId', f.id, 'service', f.service, 'referredOn', to_char(f.date, 'YYYY-MM-DD')) AS detail
                 FROM referral f
                 JOIN seen ON seen.id = f.client_id
                WHERE f.clinic_id = ${clinicId}::uuid AND f.referred_by = ${staffId}::uuid AND f.status = 'made'
                  AND f.outcome IS NULL AND f.date <= ${latestDate}::date`;
  }

  /**
   * Whether the client has a `referral` consent in force on `day` (a clinic
   * day), by the consent area's own condition. Inside a transaction, pass its manager.
   */
  async referralConsentOn(clientId: string, day: string, em?: EntityManager): Promise<boolean> {
    const row = await sql`SELECT ${hasConsentSql(sql`${clientId}::uuid`, 'referral', sql`${day}::date`)} AS active`.one<{
      active: boolean;
    }>(em ?? this.dataSource);
    return row.active;
  }
}
