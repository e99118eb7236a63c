import { DynamicModule, Module } from '@nestjs/common';
import { CarePlansModule } from '@tongban/care-plans';
import { AssessmentsModule } from '@tongban/assessments';
import { ClientsModule } from '@tongban/clients';
import { CounselingModule } from '@tongban/counseling';
import { DosingModule } from '@tongban/dosing';
import { DrugTestsModule } from '@tongban/drug-tests';
import { ResearchExportModule } from '@tongban/exports';
import { FamilyModule } from '@tongban/family';
import { HostedGuestRuleModule } from '@tongban/guest-dosing';
import { PeerGroupsModule } from '@tongban/peer-groups';
import { AppConfig, PlatformModule } from '@tongban/platform';
import { IdempotencyModule } from '@tongban/platform/idempotency/idempotency.module';
import { ReminderSchedulingModule } from '@tongban/reminders/scheduling/reminder-scheduling.module';

/** One-off operator commands: the platform, the idempotency store and the areas whose data they touch; no server. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        PlatformModule.forRoot(config),
        IdempotencyModule,
        ClientsModule,
        DosingModule,
        CounselingModule,
        CarePlansModule,
        AssessmentsModule,
        DrugTestsModule,
        ResearchExportModule,
        FamilyModule,
        PeerGroupsModule,
        HostedGuestRuleModule,
        ReminderSchedulingModule,
      ],
    };
  }
}
