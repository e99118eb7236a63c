import { Injectable, OnModuleInit } from '@nestjs/common';
import { ClinicDto } from '@tongban/clinics';
import { WorklistEntry, WorklistRow, WorklistSource, WorklistSources } from '@tongban/clients';
import { addDays, Caller, Role, sql, Sql } from '@tongban/platform';
import { nextReviewDue, REFERRAL_FOLLOW_UP_DAYS } from './care-plan-rules';
import { CarePlansRepository } from './care-plans.repository';

/**
 * What care plans and referrals add to the day's worklist (product.md,
 * "Daily work"): `care_plan_review` for the counselor of the client's care
 * team (due on or before the day) and for the coordinator (overdue only), of
 * clients in treatment whose plan belongs to their open episode; and
 * `referral_follow_up` for the counselor or physician who made a referral
 * still `made` with no outcome 30 days on, while they may still see the client.
 * The clients are those of the worklist's `seen`: the counselor's care team
 * (never emergency access), the coordinator's and the physician's clinic.
 */
@Injectable()
export class CarePlansWorklist implements WorklistSource, OnModuleInit {
  readonly kinds = ['care_plan_review', 'referral_follow_up'] as const;

  constructor(
    private readonly sources: WorklistSources,
    private readonly repository: CarePlansRepository,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  fragmentFor(caller: Caller, day: string): Promise<Sql | null> {
    if (!caller.clinicId) return Promise.resolve(null);
    const fragments: Sql[] = [];
    if (caller.role === Role.Counselor || caller.role === Role.Coordinator) {
      fragments.push(this.repository.latestPlansSql(caller.clinicId));
    }
    if (caller.role === Role.Counselor || caller.role === Role.Physician) {
      fragments.push(this.repository.referralsToFollowUpSql(caller.clinicId, caller.staffId, addDays(day, -REFERRAL_FOLLOW_UP_DAYS)));
    }
    if (fragments.length === 0) return Promise.resolve(null);
    return Promise.resolve(
      sql.join(
        fragments.map((fragment) => sql`(${fragment})`),
        sql` UNION ALL `,
      ),
    );
  }

  /** Reviews due by the plan's review rule; follow-ups due {@link REFERRAL_FOLLOW_UP_DAYS} after the referral. */
  finish(caller: Caller, day: string, rows: WorklistRow[], { settings }: ClinicDto): Promise<WorklistEntry[]> {
    const reviews = rows.filter((row) => row.kind === 'care_plan_review');
    const entries: WorklistEntry[] = [];
    for (const row of reviews) {
      const startedOn = String(row.detail.startedOn);
      const lastReviewedOn = row.detail.lastReviewedOn === null ? null : String(row.detail.lastReviewedOn);
      // A plan started before the open episode belongs to an earlier one: the new episode has no plan yet.
      if (startedOn < String(row.detail.episodeStart)) continue;
      const due = nextReviewDue({ startedOn, reviewDates: lastReviewedOn ? [lastReviewedOn] : [] }, settings.carePlanReviewDays)!;
      const shown = caller.role === Role.Counselor ? due <= day : due < day;
      if (!shown) continue;
      entries.push({
        kind: 'care_plan_review',
        clientId: row.clientId,
        code: row.code,
        dueOn: due,
        detail: { lastReviewedOn, overdue: due < day },
      });
    }
    for (const row of rows) {
      if (row.kind !== 'referral_follow_up') continue;
      const referredOn = String(row.detail.referredOn);
      entries.push({
        kind: 'referral_follow_up',
        clientId: row.clientId,
        code: row.code,
        dueOn: addDays(referredOn, REFERRAL_FOLLOW_UP_DAYS),
        detail: { referralId: row.detail.referralId, service: row.detail.service, referredOn },
      });
    }
    return Promise.resolve(entries);
  }
}
