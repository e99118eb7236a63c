import { Module } from '@nestjs/common';
import { ClientsModule, ConsentModule } from '@tongban/clients';
import { AssessmentsModule } from '@tongban/assessments';
import { CarePlansModule } from '@tongban/care-plans';
import { ClinicsModule } from '@tongban/clinics';
import { DosingModule } from '@tongban/dosing';
import { DrugTestsModule } from '@tongban/drug-tests';
import { FhirController } from './fhir/fhir.controller';
import { FhirService } from './fhir/fhir.service';
import { ResearchExportModule } from './research/research-export.module';

/**
 * Data that leaves Tongban: a client's record as FHIR for a referral (read through the other areas' services), and
 * the research export (its own module).
 */
@Module({
  imports: [
    ClientsModule,
    ConsentModule,
    ClinicsModule,
    DosingModule,
    DrugTestsModule,
    AssessmentsModule,
    CarePlansModule,
    ResearchExportModule,
  ],
  controllers: [FhirController],
  providers: [FhirService],
})
export class ExportsModule {}
