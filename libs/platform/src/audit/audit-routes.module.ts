import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';

/** `/audit-events`: the audit trail's routes, in the HTTP application only; `AuditService` comes from the global {@link AuditModule}. */
@Module({ controllers: [AuditController] })
export class AuditRoutesModule {}
