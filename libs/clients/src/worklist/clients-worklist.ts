import { Injectable, OnModuleInit } from '@nestjs/common';
import { Caller, Role, sql, Sql } from '@tongban/platform';
import { consentExpiringSql } from '../access';
import { WorklistSource, WorklistSources } from '../worklist-sources';

/**
 * What the client record adds to the worklist:
 * `unassigned_client`, for the coordinator, the clinic's clients in treatment
 * with no counselor (the rule of `GET /clients?counselor=none`), due since
 * the later of their intake and registration, with the day their treatment
 * began (`since`, the intake) in its detail; `consent_expiring`, for the
 * counselor (their care team) and the coordinator (their clinic), consents
 * whose renewal is due (the window of the consent-expiry notice), due on the
 * day they end.
 */
@Injectable()
export class ClientsWorklist implements WorklistSource, OnModuleInit {
  readonly kinds = ['unassigned_client', 'consent_expiring'] as const;

  constructor(private readonly sources: WorklistSources) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  fragmentFor(caller: Caller, day: string): Promise<Sql | null> {
    if (caller.role !== Role.Coordinator && caller.role !== Role.Counselor) return Promise.resolve(null);
    const consents = sql`SELECT 'consent_expiring' AS kind, seen.id AS client_id, seen.code,
                                to_char(cs.valid_until, 'YYYY-MM-DD') AS due_on,
                                json_build_object('scope', cs.scope, 'validUntil', to_char(cs.valid_until, 'YYYY-MM-DD'), 'consentId', cs.id) AS detail
                           FROM seen JOIN consent cs ON cs.client_id = seen.id
                          WHERE seen.status = 'active' AND ${consentExpiringSql(sql`cs`, sql`${day}::date`)}`;
    if (caller.role !== Role.Coordinator) return Promise.resolve(consents);
    return Promise.resolve(sql`${consents}
       UNION ALL
       SELECT 'unassigned_client' AS kind, seen.id AS client_id, seen.code,
              GREATEST(seen.episode_start, seen.registered_on) AS due_on,
              json_build_object('since', seen.episode_start) AS detail
         FROM seen WHERE seen.in_treatment AND seen.without_counselor`);
  }
}
