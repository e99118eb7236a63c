import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, PlatformModule } from '@tongban/platform';
// The module's own file, not the area's index: the index loads the area's HTTP module, its controllers
// and its TypeORM entities, and through them the areas it imports.
import { ReminderDeliveryModule } from '@tongban/reminders/reminder-delivery.module';

/**
 * The queue worker: the platform and the job handlers of the areas, no routes.
 * An area's jobs come in a module of their own without controllers or other
 * areas' modules (reminders: `ReminderDeliveryModule`); `worker-modules.e2e-spec.ts`
 * holds the list of modules the worker loads.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [PlatformModule.forRoot(config), ReminderDeliveryModule.forRoot('worker')] };
  }
}
