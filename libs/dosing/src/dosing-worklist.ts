import { Injectable, OnModuleInit } from '@nestjs/common';
import { WorklistEntry, WorklistRow, WorklistSource, WorklistSources } from '@tongban/clients';
import { ClinicDto } from '@tongban/clinics';
import { Caller, Role, sql, Sql } from '@tongban/platform';
import { DosingRepository } from './dosing.repository';
import { consecutiveMissedDays, doseGate, flagFor } from './dosing-rules';

/**
 * `missed_doses` on the worklist: for the counselor, the care-team clients in
 * treatment whose missed-dose flag on the day asks for assessment or
 * re-titration; for the physician, the clinic's clients whose order is
 * suspended until a physician re-orders (the window's `orderSuspended`: it
 * leaves the list with the re-order). The flag of
 * `GET /clients/:id/dosing-status` and of the caseload list, read in two
 * statements (the clients with the other sources, then their coverage).
 */
@Injectable()
export class DosingWorklist implements WorklistSource, OnModuleInit {
  readonly kinds = ['missed_doses'] as const;

  constructor(
    private readonly sources: WorklistSources,
    private readonly dosing: DosingRepository,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  fragmentFor(caller: Caller): Promise<Sql | null> {
    if ((caller.role !== Role.Counselor && caller.role !== Role.Physician) || !caller.clinicId) return Promise.resolve(null);
    return Promise.resolve(sql`SELECT 'missed_doses' AS kind, seen.id AS client_id, seen.code, NULL AS due_on,
                                      json_build_object('episodeStart', seen.episode_start, 'registeredOn', seen.registered_on) AS detail
                                 FROM seen WHERE seen.in_treatment ORDER BY seen.code`);
  }

  /** The flag of each client in treatment on the day, from their coverage (a second statement). */
  async finish(caller: Caller, day: string, rows: WorklistRow[], clinic: ClinicDto): Promise<WorklistEntry[]> {
    if (rows.length === 0) return [];
    const days = await this.dosing.windowDaysOf(
      rows.map((row) => row.clientId!),
      day,
    );
    const items: WorklistEntry[] = [];
    for (const row of rows) {
      const client = { id: row.clientId!, episodeStart: String(row.detail.episodeStart), registeredOn: String(row.detail.registeredOn) };
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
        items.push({ kind: 'missed_doses', clientId: client.id, code: row.code, dueOn: day, detail: { missedDays, flag } });
      }
    }
    return items;
  }
}
