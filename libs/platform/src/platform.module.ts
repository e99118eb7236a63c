import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { Clock } from './clock/clock';
import { ClockModule } from './clock/clock.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CryptoModule } from './crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { DomainEventsModule } from './events/domain-events';
import { LoggingModule } from './logging/logging.module';
import { QueueModule } from './queue/queue.module';

/**
 * Configuration, clock, field encryption, logging, database, queue connection,
 * audit trail and domain events: what every process needs, without a route. The HTTP
 * application adds `HttpPlatformModule` (`http-platform.module.ts`, not in the
 * index, so that other processes do not load it). Tests pass a clock they can move.
 */
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(clock),
        CryptoModule,
        LoggingModule,
        DatabaseModule,
        QueueModule,
        AuditModule,
        DomainEventsModule,
      ],
    };
  }
}
