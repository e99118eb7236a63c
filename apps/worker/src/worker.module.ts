import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, PlatformModule } from '@tongban/platform';

/** The queue worker: platform services, no HTTP. Job handlers register here as areas add them. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [PlatformModule.forRoot(config)] };
  }
}
