import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@tongban/auth';
import { CarePlansModule } from '@tongban/care-plans';
import { AssessmentsModule } from '@tongban/assessments';
import { ClientsModule } from '@tongban/clients';
import { ClinicsModule } from '@tongban/clinics';
import { CounselingModule } from '@tongban/counseling';
import { ExportsModule } from '@tongban/exports';
import { DosingModule } from '@tongban/dosing';
import { DrugTestsModule } from '@tongban/drug-tests';
import { FamilyModule } from '@tongban/family';
import { GuestDosingModule } from '@tongban/guest-dosing';
import { PeerGroupsModule } from '@tongban/peer-groups';
import { AppConfig, Clock, PlatformModule } from '@tongban/platform';
import { HttpPlatformModule } from '@tongban/platform/http-platform.module';
import { ReminderModule } from '@tongban/reminders';
import { ReportsModule } from '@tongban/reports';
import { StaffModule } from '@tongban/staff';

/** The HTTP API: the platform plus every area. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, clock),
        HttpPlatformModule,
        ClinicsModule,
        StaffModule,
        AuthModule,
        ClientsModule,
        DosingModule,
        CounselingModule,
        ExportsModule,
        CarePlansModule,
        AssessmentsModule,
        DrugTestsModule,
        FamilyModule,
        PeerGroupsModule,
        GuestDosingModule,
        ReportsModule,
        ReminderModule,
      ],
    };
  }
}
