import { Injectable, OnModuleInit } from '@nestjs/common';
import { WorklistSource, WorklistSources } from '@tongban/clients';
import { ClinicDto } from '@tongban/clinics';
import { clinicDaySql } from '@tongban/clinics/clinic-day-sql';
import { Caller, Role, sql, Sql } from '@tongban/platform';

/**
 * `appointment` on the worklist: the counselor's own counseling appointments
 * (set at a session they logged) on the day, for clients of their care team;
 * one item per client, at the earliest time set for that day.
 */
@Injectable()
export class CounselingWorklist implements WorklistSource, OnModuleInit {
  readonly kinds = ['appointment'] as const;

  constructor(private readonly sources: WorklistSources) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  fragmentFor(caller: Caller, day: string, { timeZone }: ClinicDto): Promise<Sql | null> {
    if (caller.role !== Role.Counselor || !caller.clinicId) return Promise.resolve(null);
    // `at` as JavaScript's toISOString writes it (UTC, milliseconds).
    return Promise.resolve(sql`SELECT 'appointment' AS kind, a.client_id, a.code, ${day}::text AS due_on,
                      json_build_object('at', to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'sessionId', a.session_id) AS detail
                 FROM (SELECT DISTINCT ON (s.client_id) s.client_id, seen.code, s.id AS session_id, s.next_appointment_at AS at
                         FROM counseling_session s
                         JOIN seen ON seen.id = s.client_id
                        CROSS JOIN (SELECT ${timeZone}::text AS time_zone) k
                        CROSS JOIN LATERAL (SELECT ${clinicDaySql(sql`k`, sql`s.next_appointment_at`)} AS on_day) d
                        WHERE s.clinic_id = ${caller.clinicId}::uuid AND s.counselor_id = ${caller.staffId}::uuid
                          AND s.next_appointment_at IS NOT NULL AND d.on_day = ${day}::date
                        ORDER BY s.client_id, s.next_appointment_at, s.id) a`);
  }
}
