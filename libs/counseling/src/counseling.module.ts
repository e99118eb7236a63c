import { ClinicsModule } from '@tongban/clinics';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule, ConsentModule } from '@tongban/clients';
import { CaseloadSessions } from './caseload-sessions';
import { CounselingWorklist } from './counseling-worklist';
import { CounselingController } from './counseling.controller';
import { CounselingRepository } from './counseling.repository';
import { CounselingService } from './counseling.service';
import { CounselingSession } from './entities/counseling-session.entity';

/**
 * Counseling sessions of a client's counselor; clients are reached through
 * ClientsService, and whether notes may be shown is the access policy's answer.
 */
@Module({
  imports: [TypeOrmModule.forFeature([CounselingSession]), ClientsModule, ClinicsModule, ConsentModule],
  controllers: [CounselingController],
  providers: [CounselingRepository, CounselingService, CaseloadSessions, CounselingWorklist],
  exports: [CounselingService],
})
export class CounselingModule {}
