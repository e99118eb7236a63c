import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyRecord } from './entities/idempotency-record.entity';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyFence } from './idempotency-fence';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotentReplayChecks } from './replay-checks';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([IdempotencyRecord])],
  providers: [
    IdempotencyRepository,
    IdempotencyFence,
    IdempotentReplayChecks,
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
  exports: [IdempotentReplayChecks],
})
export class IdempotencyModule {}
