import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, PlatformModule } from '@tongban/platform';
// Not the area's index: that loads the HTTP module, whose TypeORM entities (with foreign keys to the
// other areas' entities, which a worker does not load) would register themselves on import.
import { ReminderWorkerModule } from '@tongban/reminders/reminder-worker.module';

/** The queue worker: platform services and the areas' job handlers, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [PlatformModule.forRoot(config), ReminderWorkerModule] };
  }
}
