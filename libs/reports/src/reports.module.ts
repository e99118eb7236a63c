import { Module } from '@nestjs/common';
import { ConsentModule } from '@tongban/clients';
import { ClinicsModule } from '@tongban/clinics';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** The coordinators' reports: read-only SQL over the areas' indexed tables, the clinic through ClinicsService. */
@Module({
  imports: [ClinicsModule, ConsentModule],
  controllers: [ReportsController],
  providers: [ReportsRepository, ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
