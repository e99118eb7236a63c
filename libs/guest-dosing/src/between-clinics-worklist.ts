import { Injectable, OnModuleInit } from '@nestjs/common';
import { WorklistEntry, WorklistRow, WorklistSource, WorklistSources } from '@tongban/clients';
import { ClinicsService } from '@tongban/clinics';
import { Caller, Role, sql, Sql } from '@tongban/platform';

/** How far ahead an arrangement about to begin is on the worklist (days after the day asked about). */
export const GUEST_DOSING_AHEAD_DAYS = 7;

/**
 * Between clinics on the coordinator's worklist, for both clinics of each
 * (issue: both coordinators see the arrangement): guest dosing in force on
 * the day or beginning within {@link GUEST_DOSING_AHEAD_DAYS} days
 * (`guest_dosing`), and transfers awaiting the receiving clinic's decision
 * (`transfer_pending`). On the home side the item names the client; the host
 * or receiving side sees the home code only, as its lists show it (the
 * record itself stays closed to it).
 */
@Injectable()
export class BetweenClinicsWorklist implements WorklistSource, OnModuleInit {
  readonly kinds = ['guest_dosing', 'transfer_pending'] as const;

  constructor(
    private readonly sources: WorklistSources,
    private readonly clinics: ClinicsService,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  fragmentFor(caller: Caller, day: string): Promise<Sql | null> {
    if (caller.role !== Role.Coordinator || !caller.clinicId) return Promise.resolve(null);
    const clinicId = caller.clinicId;
    return Promise.resolve(sql`SELECT kind, CASE WHEN home THEN client_id END AS client_id, client_code AS code, due_on,
                      json_build_object('id', id, 'home', home, 'otherClinicId', other_clinic_id, 'from', from_date, 'until', until_date) AS detail
                 FROM (SELECT 'guest_dosing' AS kind, g.id, g.client_id, g.client_code, g.clinic_id = ${clinicId}::uuid AS home,
                              CASE WHEN g.clinic_id = ${clinicId}::uuid THEN g.host_clinic_id ELSE g.clinic_id END AS other_clinic_id,
                              to_char(GREATEST(g.from_date, ${day}::date), 'YYYY-MM-DD') AS due_on,
                              to_char(g.from_date, 'YYYY-MM-DD') AS from_date, to_char(g.until_date, 'YYYY-MM-DD') AS until_date
                         FROM guest_dosing g
                        WHERE (g.clinic_id = ${clinicId}::uuid OR g.host_clinic_id = ${clinicId}::uuid) AND g.ended_at IS NULL
                          AND g.until_date >= ${day}::date AND g.from_date <= ${day}::date + ${GUEST_DOSING_AHEAD_DAYS}::int
                       UNION ALL
                       SELECT 'transfer_pending', t.id, t.client_id, t.client_code, t.clinic_id = ${clinicId}::uuid,
                              CASE WHEN t.clinic_id = ${clinicId}::uuid THEN t.to_clinic_id ELSE t.clinic_id END,
                              to_char(t.transfer_date, 'YYYY-MM-DD'), NULL, NULL
                         FROM client_transfer t
                        WHERE (t.clinic_id = ${clinicId}::uuid OR t.to_clinic_id = ${clinicId}::uuid) AND t.status = 'pending'
                        ORDER BY due_on, id) arrangements`);
  }

  /** Each item names the other clinic by its code; the host or receiving side sees no client id. */
  async finish(_caller: Caller, _day: string, rows: WorklistRow[]): Promise<WorklistEntry[]> {
    const others = await this.clinics.requireClinics(rows.map((row) => String(row.detail.otherClinicId)));
    return rows.map((row) => {
      const { id, home, otherClinicId, from, until } = row.detail;
      return {
        kind: row.kind,
        clientId: row.clientId,
        code: row.code,
        dueOn: row.dueOn!,
        detail: {
          direction: home ? 'outgoing' : 'incoming',
          id,
          clinicCode: others.get(String(otherClinicId))?.code ?? null,
          ...(row.kind === 'guest_dosing' ? { from, until } : {}),
        },
      };
    });
  }
}
