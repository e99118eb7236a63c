import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientsService, WorklistEntry, WorklistSource, WorklistSources } from '@tongban/clients';
import { ClinicsService } from '@tongban/clinics';
import { Caller, Role, sql } from '@tongban/platform';
import { DataSource } from 'typeorm';
import { DosingRepository } from './dosing.repository';
import { consecutiveMissedDays, doseGate, flagFor } from './dosing-rules';

/**
 * `missed_doses` on the worklist: for the counselor, the care-team clients in
 * treatment whose missed-dose flag on the day asks for assessment or
 * re-titration; for the physician, the clinic's clients whose order is
 * suspended until a physician re-orders (the window's `orderSuspended`: it
 * leaves the list with the re-order). The flag of
 * `GET /clients/:id/dosing-status` and of the caseload list, read in two
 * statements (the clients, then their coverage).
 */
@Injectable()
export class DosingWorklist implements WorklistSource, OnModuleInit {
  readonly kinds = ['missed_doses'] as const;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sources: WorklistSources,
    private readonly clients: ClientsService,
    private readonly clinics: ClinicsService,
    private readonly dosing: DosingRepository,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  async itemsFor(caller: Caller, day: string): Promise<WorklistEntry[]> {
    if ((caller.role !== Role.Counselor && caller.role !== Role.Physician) || !caller.clinicId) return [];
    const clinic = await this.clinics.requireClinic(caller.clinicId);
    const inTreatment = await sql`WITH seen AS (${await this.clients.worklistClients(caller)})
         SELECT id, code, episode_start, registered_on FROM seen WHERE in_treatment ORDER BY code`.rows<{
      id: string;
      code: string;
      episodeStart: string;
      registeredOn: string;
    }>(this.dataSource);
    const days = await this.dosing.windowDaysOf(
      inTreatment.map((client) => client.id),
      day,
    );
    const items: WorklistEntry[] = [];
    for (const client of inTreatment) {
      const window = days.get(client.id);
      const lastCovered = window?.covered ? day : (window?.lastCovered ?? null);
      const missedDays = consecutiveMissedDays(lastCovered, client.episodeStart, day, client.registeredOn);
      const flag = flagFor(missedDays, clinic.settings);
      const due =
        caller.role === Role.Physician
          ? doseGate(flag, window?.order?.effectiveDate ?? null, lastCovered, client.episodeStart, client.registeredOn, clinic.settings)
              .orderSuspended
          : flag === 'assess' || flag === 'retitrate';
      if (due) {
        items.push({ kind: 'missed_doses', clientId: client.id, code: client.code, dueOn: day, detail: { missedDays, flag } });
      }
    }
    return items;
  }
}
