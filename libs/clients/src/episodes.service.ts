import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClinicsService } from '@tongban/clinics';
import { ClientStatus } from './access';
import { actorOf, AuditService, Caller, PlatformException, DomainEvents, clientAuditEntry } from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import type { ClientLeftTreatment } from './client-events';
import { ClientsErrorCode, ClientsException } from './clients.exception';
import { ClientsRepository } from './clients.repository';
import { ClientAccess, ClientsService } from './clients.service';
import { DischargeClientDto, DischargeReason, EpisodeDto, ReadmitClientDto } from './dto/episode.dto';
import { Client } from './entities/client.entity';
import { TreatmentEpisode } from './entities/treatment-episode.entity';

const STATUS_AFTER: Record<DischargeReason, ClientStatus> = {
  completed: 'discharged',
  other: 'discharged',
  transferred: 'transferred',
  deceased: 'deceased',
};

function toDto(episode: TreatmentEpisode): EpisodeDto {
  return { id: episode.id, startDate: episode.startDate, endDate: episode.endDate, endReason: episode.endReason };
}

/** Treatment episodes: intake starts one, discharge ends it, readmission starts the next. */
@Injectable()
export class EpisodesService {
  constructor(
    private readonly clinics: ClinicsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
    private readonly repository: ClientsRepository,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async list(caller: Caller, clientId: string): Promise<EpisodeDto[]> {
    const access = await this.clients.requireAccess(caller, clientId, 'episodes');
    const episodes = await this.repository.episodesOf(clientId);
    await this.clients.recordRead(caller, access, 'episode.list');
    return episodes.map(toDto);
  }

  async discharge(caller: Caller, clientId: string, dto: DischargeClientDto): Promise<EpisodeDto> {
    const access = await this.episodeChange(caller, clientId, dto.date);
    return this.dataSource.transaction(async (em) => {
      const client = await this.lockClient(em, clientId);
      const open = (await this.repository.episodesWithin(em, clientId)).find((episode) => episode.endDate === null);
      if (client.status !== 'active' || !open)
        throw new ClientsException(ClientsErrorCode.CLIENT_NOT_ACTIVE, 'The client is not in treatment.');
      if (dto.date < open.startDate) {
        throw new ClientsException(
          ClientsErrorCode.DATE_OUT_OF_EPISODE,
          `The episode began on ${open.startDate}; discharge cannot come before it.`,
        );
      }
      await this.repository.closeEpisode(em, open.id, dto.date, dto.reason);
      client.status = STATUS_AFTER[dto.reason];
      await this.repository.save(em, client);
      // Out of treatment: nothing more goes to the client or about them (product.md, "Reminders").
      const left: ClientLeftTreatment = { type: 'client.left_treatment', clientId };
      const consequences = await this.events.publish(em, left);
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'episode.discharge', { reason: dto.reason, date: dto.date, ...consequences }),
        targetType: 'treatment_episode',
        targetId: open.id,
      });
      return toDto({ ...open, endDate: dto.date, endReason: dto.reason });
    });
  }

  async readmit(caller: Caller, clientId: string, dto: ReadmitClientDto): Promise<EpisodeDto> {
    const access = await this.episodeChange(caller, clientId, dto.date);
    return this.dataSource.transaction(async (em) => {
      const client = await this.lockClient(em, clientId);
      if (client.status === 'active')
        throw new ClientsException(ClientsErrorCode.CLIENT_ALREADY_ACTIVE, 'The client is in treatment already.');
      if (client.status === 'deceased') throw new ClientsException(ClientsErrorCode.CLIENT_DECEASED, 'The client is recorded as deceased.');
      const episodes = await this.repository.episodesWithin(em, clientId);
      const lastEnd = episodes.reduce<string | null>(
        (last, episode) => (episode.endDate && (!last || episode.endDate > last) ? episode.endDate : last),
        null,
      );
      if (lastEnd && dto.date <= lastEnd) {
        throw new ClientsException(
          ClientsErrorCode.DATE_OUT_OF_EPISODE,
          `The last episode ended on ${lastEnd}; readmission must come after it.`,
        );
      }
      const episode = await this.repository.insertEpisode(em, { clientId, clinicId: client.clinicId, startDate: dto.date });
      client.status = 'active';
      await this.repository.save(em, client);
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'episode.readmit', { date: dto.date }),
        targetType: 'treatment_episode',
        targetId: episode.id,
      });
      return toDto(episode);
    });
  }

  /** Access to change a client's episodes on `date`, which may not lie in the future of the clinic's day. */
  private async episodeChange(caller: Caller, clientId: string, date: string): Promise<ClientAccess> {
    const access = await this.clients.requireAccess(caller, clientId, 'episodes');
    if (date > (await this.clinics.today(access.client.clinicId, caller))) {
      throw PlatformException.validation([{ field: 'date', message: 'date must not lie in the future', key: 'future' }]);
    }
    return access;
  }

  private async lockClient(em: EntityManager, clientId: string): Promise<Client> {
    const client = await this.repository.findByIdForUpdate(em, clientId);
    if (!client) throw PlatformException.notFound('No such client.');
    return client;
  }
}
