import { Injectable } from '@nestjs/common';
import { ClinicsService } from '@tongban/clinics';
import {
  actorOf,
  AuditService,
  Caller,
  Clock,
  daysBetween,
  PlatformException,
  PreparedStatements,
  statementsSent,
} from '@tongban/platform';
import { ROLE_RULES } from '../access';
import { sortedByDueKindAndCode, WorklistSources } from '../worklist-sources';
import { WORKLIST_DAYS_AROUND_TODAY, WorklistDto, WorklistQueryDto } from './worklist.dto';

/**
 * `GET /worklist`: what the areas' sources say is due for the caller, read in one statement over the caller's
 * visible clients, audited as one list read of the clients shown.
 */
@Injectable()
export class WorklistService {
  constructor(
    private readonly prepared: PreparedStatements,
    private readonly sources: WorklistSources,
    private readonly clinics: ClinicsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(caller: Caller, query: WorklistQueryDto): Promise<WorklistDto> {
    if (!caller.clinicId) throw PlatformException.forbidden();
    const clinicId = caller.clinicId;
    const clinic = await this.clinics.callersClinic(caller);
    const today = this.clock.today(clinic.timeZone);
    const date = query.date ?? today;
    if (Math.abs(daysBetween(today, date)) > WORKLIST_DAYS_AROUND_TODAY) {
      throw PlatformException.validation([
        { field: 'date', message: `date must be within ${WORKLIST_DAYS_AROUND_TODAY} days of today (${today})` },
      ]);
    }
    const entries = await this.sources.entriesFor(caller, date);
    const clientIds = entries.flatMap((entry) => (entry.clientId ? [entry.clientId] : []));
    if (clientIds.length === 0) return { date, items: sortedByDueKindAndCode(entries) };
    const [, items] = await Promise.all([
      // The sources show only clients of the caller's everyday relation: the read rests on the role's own grounds.
      // One statement, committed on its own before the answer leaves.
      this.audit.recordList(this.prepared, actorOf(caller), {
        action: 'worklist.list',
        clinicId,
        clientIds,
        grounds: ROLE_RULES[caller.role].grounds,
        details: { date },
      }),
      // The items are put in order while PostgreSQL stores the event.
      statementsSent().then(() => sortedByDueKindAndCode(entries)),
    ]);
    return { date, items };
  }
}
