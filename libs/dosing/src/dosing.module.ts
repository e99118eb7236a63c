import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '@tongban/clients';
import { ClinicsModule } from '@tongban/clinics';
import { StaffModule } from '@tongban/staff';
import { DosingController } from './dosing.controller';
import { DosingRepository } from './dosing.repository';
import { DosingService } from './dosing.service';
import { DoseOrder } from './entities/dose-order.entity';
import { DosingVisit } from './entities/dosing-visit.entity';
import { ImportHistoryUseCase } from './import-history/import-history.usecase';
import { RecordDoseUseCase } from './record-dose/record-dose.usecase';

/** Dose orders, the dispensing window and each client's standing; clients are reached through ClientsService. */
@Module({
  imports: [TypeOrmModule.forFeature([DoseOrder, DosingVisit]), ClientsModule, ClinicsModule, StaffModule],
  controllers: [DosingController],
  providers: [DosingRepository, DosingService, RecordDoseUseCase, ImportHistoryUseCase],
  exports: [DosingService],
})
export class DosingModule {}
