import { Injectable, OnModuleInit } from '@nestjs/common';
import { ClinicsService } from '@tongban/clinics';
import { ClientAccessPolicy, ClientsService, WorklistEntry, WorklistSource, WorklistSources } from '@tongban/clients';
import { addDays, Caller, Role, sql } from '@tongban/platform';
import { nextReviewDue, REFERRAL_FOLLOW_UP_DAYS } from './care-plan-rules';
import { CarePlansRepository } from './care-plans.repository';

/**
 * What care plans and referrals add to the day's worklist (product.md,
 * "Daily work"): `care_plan_review` for the counselor of the client's care
 * team (due on or before the day) and for the coordinator (overdue only), of
 * clients in treatment whose plan belongs to their open episode; and
 * `referral_follow_up` for the counselor or physician who made a referral
 * still `made` with no outcome 30 days on, while they may still see the client.
 */
@Injectable()
export class CarePlansWorklist implements WorklistSource, OnModuleInit {
  readonly kinds = ['care_plan_review', 'referral_follow_up'] as const;

  constructor(
    private readonly sources: WorklistSources,
    private readonly repository: CarePlansRepository,
    private readonly clinics: ClinicsService,
    private readonly clients: ClientsService,
    private readonly policy: ClientAccessPolicy,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  async itemsFor(caller: Caller, day: string): Promise<WorklistEntry[]> {
    if (!caller.clinicId) return [];
    const [reviews, referrals] = await Promise.all([
      this.reviewsDue(caller, caller.clinicId, day),
      this.followUps(caller, caller.clinicId, day),
    ]);
    const found = [...reviews, ...referrals];
    const codes = await this.clients.codesOf([...new Set(found.map((item) => item.clientId))]);
    return found.map((item) => ({ ...item, code: codes.get(item.clientId) ?? null }));
  }

  private async reviewsDue(caller: Caller, clinicId: string, day: string): Promise<Array<WorklistEntry & { clientId: string }>> {
    if (caller.role !== Role.Counselor && caller.role !== Role.Coordinator) return [];
    // The counselor's care team (the policy's relation, never emergency access); the coordinator's whole clinic.
    const related = caller.role === Role.Counselor ? this.careTeamOnly(caller, 'p') : null;
    const clinic = await this.clinics.requireClinic(clinicId);
    const plans = await this.repository.latestPlansOf(clinicId, related);
    const inTreatment = new Map(
      (
        await this.clients.treatmentDaysOf(
          clinicId,
          plans.map((plan) => plan.clientId),
        )
      ).map((row) => [row.id, row.episodeStart]),
    );
    const entries: Array<WorklistEntry & { clientId: string }> = [];
    for (const plan of plans) {
      const episodeStart = inTreatment.get(plan.clientId);
      // A plan started before the open episode belongs to an earlier one: the new episode has no plan yet.
      if (episodeStart === undefined || plan.startedOn < episodeStart) continue;
      const due = nextReviewDue(
        { startedOn: plan.startedOn, reviewDates: plan.lastReviewedOn ? [plan.lastReviewedOn] : [] },
        clinic.settings.carePlanReviewDays,
      )!;
      const shown = caller.role === Role.Counselor ? due <= day : due < day;
      if (!shown) continue;
      entries.push({
        kind: 'care_plan_review',
        clientId: plan.clientId,
        code: null,
        dueOn: due,
        detail: { lastReviewedOn: plan.lastReviewedOn, overdue: due < day },
      });
    }
    return entries;
  }

  private async followUps(caller: Caller, clinicId: string, day: string): Promise<Array<WorklistEntry & { clientId: string }>> {
    if (caller.role !== Role.Counselor && caller.role !== Role.Physician) return [];
    // A counselor follows up referrals of clients still on their care team; a physician, of the clinic's clients.
    const related = caller.role === Role.Counselor ? this.careTeamOnly(caller, 'f') : null;
    const due = await this.repository.referralsToFollowUp(clinicId, caller.staffId, addDays(day, -REFERRAL_FOLLOW_UP_DAYS), related);
    return due.map((referral) => ({
      kind: 'referral_follow_up',
      clientId: referral.clientId,
      code: null,
      dueOn: addDays(referral.date, REFERRAL_FOLLOW_UP_DAYS),
      detail: { referralId: referral.id, service: referral.service, referredOn: referral.date },
    }));
  }

  /** The policy's relation columns on the client of the row `alias` (`related`: on the caller's care team). */
  private careTeamOnly(caller: Caller, alias: 'p' | 'f') {
    const columns = this.policy.relationColumns(caller, sql`${sql.ident(alias, 'client_id')}`);
    if (!columns) throw new Error('A counselor’s relation is read in SQL.');
    return columns;
  }
}
