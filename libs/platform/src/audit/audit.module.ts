import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditCheckpoints } from './audit-checkpoints';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { AuditChainHead } from './entities/audit-chain-head.entity';
import { AuditEvent } from './entities/audit-event.entity';

/**
 * The audit trail: every area records through {@link AuditService} inside its
 * own transaction. No routes: the HTTP application adds `AuditRoutesModule`.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent, AuditChainHead])],
  providers: [AuditRepository, AuditService, AuditCheckpoints],
  exports: [AuditService],
})
export class AuditModule {}
