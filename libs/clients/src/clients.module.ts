import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClinicsModule } from '@tongban/clinics';
import { ConsentModule } from './access';
import { StaffModule } from '@tongban/staff';
import { ClientCodesModule } from './client-codes.provider';
import { ClientPresenter } from './client-presenter';
import { ClientRelationsController } from './client-relations.controller';
import { ClientRelationsService } from './client-relations.service';
import { CaseloadFacts } from './caseload-facts';
import { WorklistSources } from './worklist-sources';
import { ClientsWorklist } from './worklist/clients-worklist';
import { WorklistController } from './worklist/worklist.controller';
import { WorklistService } from './worklist/worklist.service';
import { ClientsController } from './clients.controller';
import { ClientsRepository } from './clients.repository';
import { ClientSearchIndex } from './client-search-index';
import { ClientTransfers } from './client-transfers';
import { ClientsService } from './clients.service';
import { Dropouts } from './dropouts';
import { HistoryEpisodes } from './history-episodes';
import { ClientCodeCounter } from './entities/client-code-counter.entity';
import { ClientPhoto } from './entities/client-photo.entity';
import { ClientSearchTerm } from './entities/client-search-term.entity';
import { Client } from './entities/client.entity';
import { TreatmentEpisode } from './entities/treatment-episode.entity';
import { EpisodesController } from './episodes.controller';
import { EpisodesService } from './episodes.service';
import { ClientPhotoController } from './photo/client-photo.controller';
import { ClientPhotoRepository } from './photo/client-photo.repository';
import { ClientPhotoService } from './photo/client-photo.service';

/** The client registry and every route under /clients. Other areas reach clients through ClientsService. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Client, ClientSearchTerm, ClientCodeCounter, TreatmentEpisode, ClientPhoto]),
    ClinicsModule,
    StaffModule,
    ConsentModule,
    ClientCodesModule,
  ],
  controllers: [ClientsController, EpisodesController, ClientRelationsController, ClientPhotoController, WorklistController],
  providers: [
    ClientsRepository,
    ClientsService,
    ClientPresenter,
    EpisodesService,
    ClientRelationsService,
    ClientPhotoRepository,
    ClientPhotoService,
    Dropouts,
    HistoryEpisodes,
    ClientSearchIndex,
    CaseloadFacts,
    WorklistSources,
    WorklistService,
    ClientsWorklist,
    ClientTransfers,
  ],
  exports: [ClientsService, EpisodesService, Dropouts, HistoryEpisodes, CaseloadFacts, WorklistSources, ClientTransfers],
})
export class ClientsModule {}
