import { Module } from '@nestjs/common';
import { AuditEventsReader } from './audit-events-reader';
import { AuditController } from './audit.controller';

/**
 * `/audit-events`: the audit trail's routes, in the HTTP application only; `AuditService` comes from the global {@link AuditModule},
 * `CLIENT_CODES` from the client record's area.
 */
@Module({ controllers: [AuditController], providers: [AuditEventsReader] })
export class AuditRoutesModule {}
