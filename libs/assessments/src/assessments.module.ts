import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule, ConsentModule } from '@tongban/clients';
import { ClinicsModule } from '@tongban/clinics';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsRepository } from './assessments.repository';
import { AssessmentsService } from './assessments.service';
import { Assessment } from './entities/assessment.entity';

/**
 * Standard assessments a counselor takes with the client; clients are reached
 * through ClientsService, and whether answers may be shown is the access policy's answer.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Assessment]), ClientsModule, ClinicsModule, ConsentModule],
  controllers: [AssessmentsController],
  providers: [AssessmentsRepository, AssessmentsService],
  exports: [AssessmentsService],
})
export class AssessmentsModule {}
