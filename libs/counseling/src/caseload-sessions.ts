import { Injectable, OnModuleInit } from '@nestjs/common';
import { CaseloadFactSource, CaseloadFacts, CaseloadFactsDto } from '@tongban/clients';
import { Caller, Clock } from '@tongban/platform';
import { CounselingRepository } from './counseling.repository';

/**
 * Each listed client's latest counseling session and next appointment, for
 * the caseload list, in one statement for the page. Dates and times only:
 * no topics or notes, so a coordinator sees no more than the session list
 * shows them.
 */
@Injectable()
export class CaseloadSessions implements CaseloadFactSource, OnModuleInit {
  readonly kind = 'counseling' as const;

  constructor(
    private readonly facts: CaseloadFacts,
    private readonly sessions: CounselingRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.facts.register(this);
  }

  async factsOf(caller: Caller, clientIds: string[]): Promise<Map<string, Partial<CaseloadFactsDto>>> {
    const found = new Map<string, Partial<CaseloadFactsDto>>(
      clientIds.map((id) => [id, { lastSessionDate: null, nextAppointmentAt: null }]),
    );
    if (!caller.clinicId) return found;
    for (const row of await this.sessions.caseloadFactsOf(caller.clinicId, clientIds, this.clock.now())) {
      found.set(row.clientId, {
        lastSessionDate: row.lastSessionDate,
        nextAppointmentAt: row.nextAppointmentAt ? new Date(row.nextAppointmentAt).toISOString() : null,
      });
    }
    return found;
  }
}
