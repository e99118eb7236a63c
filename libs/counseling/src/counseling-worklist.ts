import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientsService, WorklistEntry, WorklistSource, WorklistSources } from '@tongban/clients';
import { ClinicsService } from '@tongban/clinics';
import { clinicDaySql } from '@tongban/clinics/clinic-day-sql';
import { Caller, Role, sql } from '@tongban/platform';
import { DataSource } from 'typeorm';

/**
 * `appointment` on the worklist: the counselor's own counseling appointments
 * (set at a session they logged) on the day, for clients of their care team;
 * one item per client, at the earliest time set for that day.
 */
@Injectable()
export class CounselingWorklist implements WorklistSource, OnModuleInit {
  readonly kinds = ['appointment'] as const;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sources: WorklistSources,
    private readonly clients: ClientsService,
    private readonly clinics: ClinicsService,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  async itemsFor(caller: Caller, day: string): Promise<WorklistEntry[]> {
    if (caller.role !== Role.Counselor || !caller.clinicId) return [];
    const seen = await this.clients.worklistClients(caller);
    const { timeZone } = await this.clinics.requireClinic(caller.clinicId);
    const rows = await sql`WITH seen AS (${seen})
         SELECT DISTINCT ON (s.client_id) s.client_id, seen.code, s.id AS session_id, s.next_appointment_at AS at
           FROM counseling_session s
           JOIN seen ON seen.id = s.client_id
          CROSS JOIN (SELECT ${timeZone}::text AS time_zone) k
          CROSS JOIN LATERAL (SELECT ${clinicDaySql(sql`k`, sql`s.next_appointment_at`)} AS on_day) d
          WHERE s.clinic_id = ${caller.clinicId}::uuid AND s.counselor_id = ${caller.staffId}::uuid
            AND s.next_appointment_at IS NOT NULL AND d.on_day = ${day}::date
          ORDER BY s.client_id, s.next_appointment_at, s.id`.rows<{ clientId: string; code: string; sessionId: string; at: Date }>(
      this.dataSource,
    );
    return rows.map((row) => ({
      kind: 'appointment',
      clientId: row.clientId,
      code: row.code,
      dueOn: day,
      detail: { at: new Date(row.at).toISOString(), sessionId: row.sessionId },
    }));
  }
}
