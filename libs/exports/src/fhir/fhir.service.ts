import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ClientDto, ClientsService, ConsentService, EpisodesService, hasConsentSql } from '@tongban/clients';
import { ClinicsService } from '@tongban/clinics';
import { DosingService } from '@tongban/dosing';
import { Caller, Clock, PageQueryDto, PreparedStatements, sql } from '@tongban/platform';
import { ExportsErrorCode, ExportsException } from '../exports.exception';
import { FhirBundle, fhirBundle, FhirRecord } from './fhir-bundle';

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
    private readonly clinics: ClinicsService,
    private readonly prepared: PreparedStatements,
    private readonly clock: Clock,
  ) {}

  async bundle(caller: Caller, clientId: string): Promise<FhirBundle> {
    const access = await this.clients.requireAccess(caller, clientId, 'dosing');
    const clinic = await this.clinics.requireClinic(access.client.clinicId);
    const today = await this.clinics.today(clinic.id);
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
      consents: record.consents.length,
    });
    return bundle;
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
