import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '@tongban/clients';
import { ClinicsModule } from '@tongban/clinics';
import { DrugTestsController } from './drug-tests.controller';
import { DrugTestsRepository } from './drug-tests.repository';
import { DrugTestsService } from './drug-tests.service';
import { DrugTestKey } from './entities/drug-test-key.entity';
import { DrugTestResult } from './entities/drug-test-result.entity';
import { DrugTest } from './entities/drug-test.entity';

/** Urine drug tests, the monthly random choice of test days, and their worklist items; clients through ClientsService. */
@Module({
  imports: [TypeOrmModule.forFeature([DrugTest, DrugTestResult, DrugTestKey]), ClientsModule, ClinicsModule],
  controllers: [DrugTestsController],
  providers: [DrugTestsRepository, DrugTestsService],
  exports: [DrugTestsService],
})
export class DrugTestsModule {}
