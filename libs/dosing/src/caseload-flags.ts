import { Injectable, OnModuleInit } from '@nestjs/common';
import { CaseloadFactSource, CaseloadFacts, CaseloadFactsDto, ClientsService } from '@tongban/clients';
import { ClinicsService } from '@tongban/clinics';
import { Caller, Clock } from '@tongban/platform';
import { DosingRepository } from './dosing.repository';
import { consecutiveMissedDays, flagFor } from './dosing-rules';

/**
 * Each listed client's missed-dose flag today, for the caseload list: the
 * flag of `GET /clients/:id/dosing-status`, read for the whole page in two
 * statements (the clients' treatment days, then their coverage). A client
 * not in treatment has none (null).
 */
@Injectable()
export class CaseloadFlags implements CaseloadFactSource, OnModuleInit {
  readonly kind = 'dosing' as const;

  constructor(
    private readonly facts: CaseloadFacts,
    private readonly clients: ClientsService,
    private readonly clinics: ClinicsService,
    private readonly dosing: DosingRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.facts.register(this);
  }

  async factsOf(caller: Caller, clientIds: string[]): Promise<Map<string, Partial<CaseloadFactsDto>>> {
    const flags = new Map<string, Partial<CaseloadFactsDto>>(clientIds.map((id) => [id, { flag: null }]));
    if (!caller.clinicId) return flags;
    const clinic = await this.clinics.callersClinic(caller);
    const today = this.clock.today(clinic.timeZone);
    const inTreatment = await this.clients.treatmentDaysOf(clinic.id, clientIds);
    const days = await this.dosing.windowDaysOf(
      inTreatment.map((client) => client.id),
      today,
    );
    for (const client of inTreatment) {
      const day = days.get(client.id);
      const lastCovered = day?.covered ? today : (day?.lastCovered ?? null);
      const missed = consecutiveMissedDays(lastCovered, client.episodeStart, today, client.registeredOn);
      flags.set(client.id, { flag: flagFor(missed, clinic.settings) });
    }
    return flags;
  }
}
