import { DynamicModule, Module } from '@nestjs/common';
import { ClientsModule } from '@tongban/clients';
import { AppConfig, PlatformModule } from '@tongban/platform';

/** One-off operator commands: the platform and the areas whose data they touch, no HTTP. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: CliModule, imports: [PlatformModule.forRoot(config), ClientsModule] };
  }
}
