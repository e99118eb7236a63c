import { Inject, Injectable } from '@nestjs/common';
import { Caller } from '../access/caller';
import { Page } from '../pagination/page';
import { AuditService } from './audit.service';
import { CLIENT_CODES, type ClientCodes } from './client-codes';
import { AuditEventDto } from './dto/audit-event.dto';
import { ListAuditEventsQueryDto } from './dto/list-audit-events-query.dto';

/**
 * `GET /audit-events`: a page of the trail ({@link AuditService.list}) with
 * the code of each event's client where the caller may see that client, so
 * that a reader sees `KM01-000123` rather than an id.
 */
@Injectable()
export class AuditEventsReader {
  constructor(
    private readonly audit: AuditService,
    @Inject(CLIENT_CODES) private readonly codes: ClientCodes,
  ) {}

  async list(caller: Caller, query: ListAuditEventsQueryDto): Promise<Page<AuditEventDto>> {
    const page = await this.audit.list(caller, query);
    const ids = [...new Set(page.items.flatMap((item) => (item.clientId ? [item.clientId] : [])))];
    const codes = ids.length > 0 ? await this.codes.visibleCodes(caller, ids) : new Map<string, string>();
    return {
      ...page,
      items: page.items.map((item) => ({ ...item, clientCode: item.clientId ? (codes.get(item.clientId) ?? null) : null })),
    };
  }
}
