import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClinicsService } from '@tongban/clinics';
import { ClientAccess, ClientAccessPolicy, ClientsService } from '@tongban/clients';
import { actorOf, AuditService, Caller, clientAuditEntry, Clock, FieldCipher, KeyRotation, PlatformException } from '@tongban/platform';
import { DataSource } from 'typeorm';
import { nextReviewDue } from './care-plan-rules';
import { CarePlansErrorCode, CarePlansException } from './care-plans.exception';
import { CarePlansRepository } from './care-plans.repository';
import { CarePlanDto, CarePlanGoalDto, CarePlanReviewDto } from './dto/care-plan.dto';
import { CreateGoalDto } from './dto/create-goal.dto';
import { CreateReviewDto } from './dto/create-review.dto';
import { UpdateGoalDto } from './dto/update-goal.dto';
import { CarePlan } from './entities/care-plan.entity';
import { CarePlanGoal } from './entities/care-plan-goal.entity';
import { CarePlanReview } from './entities/care-plan-review.entity';

/**
 * A client's care plan: one per treatment episode, started by its first
 * goal. The client's counselor writes it (the kind `care_plan_notes`, which
 * the policy opens to the care team and emergency access only); whoever may
 * read `care_plan` reads it, and review notes only with `care_plan_notes`.
 */
@Injectable()
export class CarePlansService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly plans: CarePlansRepository,
    private readonly clinics: ClinicsService,
    private readonly clients: ClientsService,
    private readonly policy: ClientAccessPolicy,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly keyRotation: KeyRotation,
  ) {}

  onModuleInit(): void {
    this.keyRotation.register({ table: 'care_plan_goal', columns: ['description'] });
    this.keyRotation.register({ table: 'care_plan_review', columns: ['note'] });
  }

  async get(caller: Caller, clientId: string): Promise<CarePlanDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'care_plan');
    const mayReadNotes = (await this.policy.decide(caller, access.client, 'care_plan_notes')) !== null;
    const episode = await this.clients.latestEpisodeOf(clientId);
    const plan = episode ? await this.plans.planOfEpisode(episode.id) : null;
    const answer = await this.planDto(access, episode?.id ?? null, plan, mayReadNotes);
    await this.clients.recordRead(caller, access, 'care_plan.read', { goals: answer.goals.length, notes: mayReadNotes });
    return answer;
  }

  async addGoal(caller: Caller, clientId: string, dto: CreateGoalDto): Promise<CarePlanGoalDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'care_plan_notes', 'clinical_act');
    const episodeId = await this.openEpisodeOf(access);
    const today = await this.clinics.today(access.client.clinicId, caller);
    const now = this.clock.now();
    return this.dataSource.transaction(async (em) => {
      const plan = await this.plans.planOfEpisodeOrNew(em, {
        clientId,
        clinicId: access.client.clinicId,
        episodeId,
        startedOn: today,
        createdBy: caller.staffId,
      });
      const goal = await this.plans.insertGoal(em, {
        clientId,
        clinicId: access.client.clinicId,
        carePlanId: plan.id,
        domain: dto.domain,
        description: this.cipher.seal(dto.description.trim()),
        targetDate: dto.targetDate ?? null,
        status: 'open',
        createdBy: caller.staffId,
        createdAt: now,
        updatedAt: now,
      });
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'care_plan_goal.create', { carePlanId: plan.id, domain: dto.domain, targetDate: goal.targetDate }),
        targetType: 'care_plan_goal',
        targetId: goal.id,
      });
      return this.goalDto(goal, [], true);
    });
  }

  async updateGoal(caller: Caller, clientId: string, goalId: string, dto: UpdateGoalDto): Promise<CarePlanGoalDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'care_plan_notes', 'clinical_act');
    const episodeId = await this.openEpisodeOf(access);
    const fields = Object.keys(dto);
    return this.dataSource.transaction(async (em) => {
      const { plan, goal } = await this.requireGoal(em, episodeId, goalId);
      const from = goal.status;
      if (dto.description !== undefined) goal.description = this.cipher.seal(dto.description.trim());
      if (dto.targetDate !== undefined) goal.targetDate = dto.targetDate;
      if (dto.status !== undefined) goal.status = dto.status;
      if (fields.length > 0) goal.updatedAt = this.clock.now();
      const saved = await this.plans.saveGoal(em, goal);
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'care_plan_goal.update', { carePlanId: plan.id, fields, from, to: saved.status }),
        targetType: 'care_plan_goal',
        targetId: saved.id,
      });
      const reviews = (await this.plans.reviewsOfPlan(plan.id, em)).filter((review) => review.goalId === saved.id);
      return this.goalDto(saved, reviews, true);
    });
  }

  async addReview(caller: Caller, clientId: string, goalId: string, dto: CreateReviewDto): Promise<CarePlanReviewDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'care_plan_notes', 'clinical_act');
    const episodeId = await this.openEpisodeOf(access);
    const today = await this.clinics.today(access.client.clinicId, caller);
    if (dto.date > today)
      throw PlatformException.validation([{ field: 'date', message: 'date must not lie in the future', key: 'future' }]);
    const note = dto.note?.trim() || null;
    return this.dataSource.transaction(async (em) => {
      const { plan, goal } = await this.requireGoal(em, episodeId, goalId);
      if (dto.date < plan.startedOn) {
        throw PlatformException.validation([{ field: 'date', message: 'date must not lie before the plan started', key: 'beforePlan' }]);
      }
      const review = await this.plans.insertReview(em, {
        clientId,
        clinicId: access.client.clinicId,
        goalId: goal.id,
        date: dto.date,
        progress: dto.progress,
        note: this.cipher.sealOptional(note),
        reviewedBy: caller.staffId,
        createdAt: this.clock.now(),
      });
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'care_plan_review.create', {
          carePlanId: plan.id,
          goalId: goal.id,
          date: dto.date,
          progress: dto.progress,
          note: note !== null,
        }),
        targetType: 'care_plan_review',
        targetId: review.id,
      });
      return this.reviewDto(review, true);
    });
  }

  /** The open episode a plan is written for; a client out of treatment has none (422). */
  private async openEpisodeOf(access: ClientAccess): Promise<string> {
    const episode = await this.clients.latestEpisodeOf(access.client.id);
    if (access.client.status !== 'active' || !episode || episode.endDate !== null) {
      throw new CarePlansException(CarePlansErrorCode.CLIENT_NOT_ACTIVE, 'A care plan is kept while the client is in treatment.');
    }
    return episode.id;
  }

  /** A goal of the open episode's plan, locked; 404 for any other goal id. */
  private async requireGoal(em: Parameters<CarePlansRepository['insertGoal']>[0], episodeId: string, goalId: string) {
    const plan = await this.plans.planOfEpisode(episodeId, em);
    const goal = plan ? await this.plans.findGoalOfPlanForUpdate(em, plan.id, goalId) : null;
    if (!plan || !goal) throw PlatformException.notFound('No such goal.');
    return { plan, goal };
  }

  private async planDto(access: ClientAccess, episodeId: string | null, plan: CarePlan | null, notes: boolean): Promise<CarePlanDto> {
    if (!plan) return { episodeId, startedOn: null, goals: [], nextReviewDue: null };
    const [goals, reviews, clinic] = await Promise.all([
      this.plans.goalsOfPlan(plan.id),
      this.plans.reviewsOfPlan(plan.id),
      this.clinics.requireClinic(access.client.clinicId),
    ]);
    return {
      episodeId,
      startedOn: plan.startedOn,
      goals: goals.map((goal) =>
        this.goalDto(
          goal,
          reviews.filter((review) => review.goalId === goal.id),
          notes,
        ),
      ),
      nextReviewDue: nextReviewDue(
        { startedOn: plan.startedOn, reviewDates: reviews.map((review) => review.date) },
        clinic.settings.carePlanReviewDays,
      ),
    };
  }

  private goalDto(goal: CarePlanGoal, reviews: CarePlanReview[], notes: boolean): CarePlanGoalDto {
    return {
      id: goal.id,
      domain: goal.domain,
      description: this.cipher.open(goal.description),
      targetDate: goal.targetDate,
      status: goal.status,
      reviews: reviews.map((review) => this.reviewDto(review, notes)),
      createdBy: goal.createdBy,
      createdAt: goal.createdAt.toISOString(),
      updatedAt: goal.updatedAt.toISOString(),
    };
  }

  /** A review; its note only for a caller who may read care-plan notes (no `note` key at all for the others). */
  private reviewDto(review: CarePlanReview, notes: boolean): CarePlanReviewDto {
    return {
      id: review.id,
      date: review.date,
      progress: review.progress,
      ...(notes ? { note: this.cipher.openOptional(review.note) } : {}),
      reviewedBy: review.reviewedBy,
      createdAt: review.createdAt.toISOString(),
    };
  }
}
