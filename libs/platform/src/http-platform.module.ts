import { Module } from '@nestjs/common';
import { AuditRoutesModule } from './audit/audit-routes.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';

/**
 * What only the HTTP application needs: the health endpoints, the audit
 * trail's routes and Idempotency-Key replay. Imported by its path
 * (`@tongban/platform/http-platform.module`), not through the index, so a
 * process without routes (the worker) does not load their controllers.
 */
@Module({ imports: [IdempotencyModule, HealthModule, AuditRoutesModule] })
export class HttpPlatformModule {}
