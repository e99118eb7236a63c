import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule, DROPOUT_RULE } from '@tongban/clients';
import { ClinicsModule } from '@tongban/clinics';
import { DrugTestsModule } from '@tongban/drug-tests';
import { StaffModule } from '@tongban/staff';
import { dropoutEndSql } from './coverage-sql';
import { CaseloadFlags } from './caseload-flags';
import { DosingWorklist } from './dosing-worklist';
import { DosingController } from './dosing.controller';
import { DosingRepository } from './dosing.repository';
import { DosingService } from './dosing.service';
import { DoseOrder } from './entities/dose-order.entity';
import { DosingVisit } from './entities/dosing-visit.entity';
import { DaySheetUseCase } from './day-sheet/day-sheet.usecase';
import { ImportHistoryUseCase } from './import-history/import-history.usecase';
import { RecordDoseUseCase } from './record-dose/record-dose.usecase';
import { TransferredOrders } from './transferred-orders';

/** The drop-out rule for the client record area, which cannot import this one (it stands on it): every read of a client settles with it. */
@Global()
@Module({ providers: [{ provide: DROPOUT_RULE, useValue: dropoutEndSql }], exports: [DROPOUT_RULE] })
export class DropoutRuleModule {}

/** Dose orders, the dispensing window and each client's standing; clients are reached through ClientsService. */
@Module({
  imports: [
    TypeOrmModule.forFeature([DoseOrder, DosingVisit]),
    DropoutRuleModule,
    ClientsModule,
    ClinicsModule,
    StaffModule,
    DrugTestsModule,
  ],
  controllers: [DosingController],
  providers: [
    DosingRepository,
    DosingService,
    RecordDoseUseCase,
    ImportHistoryUseCase,
    DaySheetUseCase,
    CaseloadFlags,
    DosingWorklist,
    TransferredOrders,
  ],
  exports: [DosingService],
})
export class DosingModule {}
