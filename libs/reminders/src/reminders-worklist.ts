import { Injectable, OnModuleInit } from '@nestjs/common';
import { WorklistSource, WorklistSources } from '@tongban/clients';
import { ClinicDto } from '@tongban/clinics';
import { clinicDaySql } from '@tongban/clinics/clinic-day-sql';
import { Caller, Role, sql, Sql } from '@tongban/platform';

/** How far back a failed reminder stays on the coordinator's worklist (days before the day asked about). */
export const FAILED_REMINDER_DAYS = 14;

/**
 * `reminder_failed` on the worklist: for the coordinator, the clinic's
 * reminders due in the last {@link FAILED_REMINDER_DAYS} days that ended
 * `failed` and were not retried (a retry schedules them again), each due on
 * the clinic day it was meant to go.
 */
@Injectable()
export class RemindersWorklist implements WorklistSource, OnModuleInit {
  readonly kinds = ['reminder_failed'] as const;

  constructor(private readonly sources: WorklistSources) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  fragmentFor(caller: Caller, day: string, { timeZone }: ClinicDto): Promise<Sql | null> {
    if (caller.role !== Role.Coordinator || !caller.clinicId) return Promise.resolve(null);
    return Promise.resolve(sql`SELECT 'reminder_failed' AS kind, r.client_id, seen.code, to_char(d.due_on, 'YYYY-MM-DD') AS due_on,
                      json_build_object('reminderId', r.id, 'reminderKind', r.kind, 'channel', r.channel, 'recipient', r.recipient,
                                         'lastErrorCode', r.last_error_code) AS detail
                 FROM reminder r
                 LEFT JOIN seen ON seen.id = r.client_id
                CROSS JOIN (SELECT ${timeZone}::text AS time_zone) k
                CROSS JOIN LATERAL (SELECT ${clinicDaySql(sql`k`, sql`r.scheduled_for`)} AS due_on) d
                WHERE r.clinic_id = ${caller.clinicId}::uuid AND r.status = 'failed'
                  AND (r.client_id IS NULL OR seen.id IS NOT NULL)
                  AND d.due_on BETWEEN ${day}::date - ${FAILED_REMINDER_DAYS}::int AND ${day}::date
                ORDER BY r.scheduled_for, r.id`);
  }
}
