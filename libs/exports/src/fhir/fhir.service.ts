import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ClientDto, ClientsService, ConsentService, EpisodesService, hasConsentSql } from '@tongban/clients';
import { AssessmentsService } from '@tongban/assessments';
import { CarePlansService, ReferralsService } from '@tongban/care-plans';
import { ClinicsService } from '@tongban/clinics';
import { DosingService } from '@tongban/dosing';
import { DrugTestsService } from '@tongban/drug-tests';
import { Caller, Clock, PageQueryDto, PreparedStatements, sql } from '@tongban/platform';
import { ExportsErrorCode, ExportsException } from '../exports.exception';
import { FhirBundle, fhirBundle, FhirCarePlanInput, FhirRecord } from './fhir-bundle';

const PAGE = 200;

/**
 * `GET /clients/:id/fhir`: the client's record for a referral, only with the
 * client's `referral` consent in force. Each part is read through its own
 * area's service (which checks access and writes its read to the audit
 * trail); the disclosure itself is one more audit event, with what it held.
 */
@Injectable()
export class FhirService {
  constructor(
    private readonly clients: ClientsService,
    private readonly episodes: EpisodesService,
    private readonly consents: ConsentService,
    private readonly dosing: DosingService,
    private readonly drugTests: DrugTestsService,
    private readonly assessments: AssessmentsService,
    private readonly carePlans: CarePlansService,
    private readonly referrals: ReferralsService,
    private readonly clinics: ClinicsService,
    private readonly prepared: PreparedStatements,
    private readonly clock: Clock,
  ) {}

  async bundle(caller: Caller, clientId: string): Promise<FhirBundle> {
    const access = await this.clients.requireAccess(caller, clientId, 'dosing');
    const clinic = await this.clinics.requireClinic(access.client.clinicId);
    const today = this.clock.today(clinic.timeZone);
    const { consented } = await sql`SELECT ${hasConsentSql(sql`${clientId}::uuid`, 'referral', sql`${today}::date`)} AS consented`.one<{
      consented: boolean;
    }>(this.prepared);
    if (!consented) {
      throw new ExportsException(
        ExportsErrorCode.CONSENT_REQUIRED,
        'The client has no referral consent in force: record it first (the record may leave the clinic only with it).',
      );
    }
    const client = (await this.clients.get(caller, clientId)) as Partial<ClientDto> & { id: string; code: string };
    const record: FhirRecord = {
      patient: {
        id: client.id,
        code: client.code,
        clinicCode: clinic.code,
        givenName: client.givenName,
        familyName: client.familyName,
        dateOfBirth: client.dateOfBirth,
        sex: client.sex,
        preferredLanguage: client.preferredLanguage,
        phone: client.phone ?? null,
        email: client.email ?? null,
      },
      episodes: await this.episodes.list(caller, clientId),
      orders: await allPages((query) => this.dosing.listOrders(caller, clientId, query)),
      doses: await allPages((query) => this.dosing.listDoses(caller, clientId, query)),
      drugTests: (await allPages((query) => this.drugTests.list(caller, clientId, query))).map((test) => ({
        id: test.id,
        date: test.date,
        observed: test.observed,
        refused: test.refused,
        results: test.results.map(({ substance, result }) => ({ substance, result })),
      })),
      // The scores only, field by field: the answers never reach the bundle, whoever asks.
      assessments: (await allPages((query) => this.assessments.list(caller, clientId, query))).map((assessment) => ({
        id: assessment.id,
        instrument: assessment.instrument,
        date: assessment.date,
        total: assessment.total,
        subscales: assessment.subscales,
        band: assessment.band,
      })),
      carePlans: await this.carePlansOf(caller, clientId),
      // Without the note and the outcome: free text the referral does not need.
      referrals: (await allPages((query) => this.referrals.list(caller, clientId, query))).map((referral) => ({
        id: referral.id,
        service: referral.service,
        organisation: referral.organisation,
        date: referral.date,
        status: referral.status,
        attendedOn: referral.attendedOn,
      })),
      consents: await allPages((query) => this.consents.list(access.client, query)),
      at: this.clock.now(),
    };
    const bundle = fhirBundle(randomUUID(), record);
    await this.clients.recordRead(caller, access, 'client.fhir_disclosure', {
      bundleId: bundle.id,
      resources: bundle.entry.length,
      episodes: record.episodes.length,
      orders: record.orders.length,
      doses: record.doses.length,
      drugTests: record.drugTests.length,
      assessments: record.assessments.length,
      carePlanGoals: record.carePlans.reduce((sum, plan) => sum + plan.goals.length, 0),
      referrals: record.referrals.length,
      consents: record.consents.length,
    });
    return bundle;
  }

  /**
   * The care plan the care-plans area keeps for the client (the latest
   * episode's), goal by goal without descriptions or review notes.
   */
  private async carePlansOf(caller: Caller, clientId: string): Promise<FhirCarePlanInput[]> {
    const plan = await this.carePlans.get(caller, clientId);
    if (!plan.episodeId || !plan.startedOn) return [];
    return [
      {
        episodeId: plan.episodeId,
        startedOn: plan.startedOn,
        goals: plan.goals.map((goal) => ({
          id: goal.id,
          domain: goal.domain,
          targetDate: goal.targetDate,
          status: goal.status,
          latestProgress: goal.reviews.at(-1)?.progress ?? null,
          createdAt: goal.createdAt,
          updatedAt: goal.updatedAt,
        })),
      },
    ];
  }
}

/** Every item of a paged list, page by page. */
async function allPages<T>(read: (query: PageQueryDto) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(Object.assign(new PageQueryDto(), { limit: PAGE, cursor }));
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
