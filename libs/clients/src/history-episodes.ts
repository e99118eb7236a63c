import { Injectable } from '@nestjs/common';
import { actorOf, AuditService, Caller } from '@tongban/platform';
import { EntityManager } from 'typeorm';
import { ClientsRepository } from './clients.repository';

/**
 * What the dosing history import asks of the client record, inside its own
 * transaction: the clinic's codes, the episodes its days open, end and
 * restart. The import decides from dosing's rule; this writes the episodes.
 */
@Injectable()
export class HistoryEpisodes {
  constructor(
    private readonly repository: ClientsRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * Dropped-out clients among these whose latest episode ended by drop-out
   * on its first day: what a drop-out found on an empty record looks like
   * (a client registered with a past intake before their paper history was
   * imported).
   */
  dropoutsOnFirstDay(em: EntityManager, clientIds: string[]): Promise<Array<{ clientId: string; episodeId: string; startDate: string }>> {
    return this.repository.dropoutsOnFirstDay(em, clientIds);
  }

  /**
   * Such a drop-out is provisional: history imported for the client reopens
   * the episode, and the imported days decide what follows. Inside the
   * import's transaction.
   */
  async reopenDropout(em: EntityManager, caller: Caller, dropout: { clientId: string; episodeId: string }): Promise<void> {
    const client = await this.repository.findByIdForUpdate(em, dropout.clientId);
    if (!client || client.status !== 'dropped_out') return;
    await this.repository.reopenEpisode(em, dropout.episodeId);
    client.status = 'active';
    await this.repository.save(em, client);
    await this.audit.record(em, actorOf(caller), {
      action: 'episode.reopen',
      clinicId: client.clinicId,
      clientId: client.id,
      targetType: 'treatment_episode',
      targetId: dropout.episodeId,
      grounds: 'role',
      details: { from: 'import' },
    });
  }

  /** The clinic's clients by code with their intake day: what a history import checks its rows against. */
  async importIndex(clinicId: string): Promise<Map<string, { id: string; intake: string }>> {
    return new Map((await this.repository.codesWithIntake(clinicId)).map((row) => [row.code, { id: row.id, intake: row.intake }]));
  }

  /**
   * Imported history showed a drop-out gap: the open episode ends on `endedOn`
   * (the last covered day) and a new one begins on `restartedOn`, the day of
   * the next dose. Inside the import's transaction.
   */
  async restartAfterGap(em: EntityManager, caller: Caller, clientId: string, endedOn: string, restartedOn: string): Promise<void> {
    const open = await this.repository.openEpisodeOf(clientId, em);
    if (!open || open.startDate > endedOn) return;
    await this.repository.closeEpisode(em, open.id, endedOn, 'dropout');
    const next = await this.repository.insertEpisode(em, { clientId, clinicId: open.clinicId, startDate: restartedOn });
    await this.audit.record(em, actorOf(caller), {
      action: 'episode.dropout',
      clinicId: open.clinicId,
      clientId,
      targetType: 'treatment_episode',
      targetId: open.id,
      grounds: 'role',
      details: { endDate: endedOn, nextEpisodeId: next.id, from: 'import' },
    });
  }

  /** The open episodes' first days of these clients. */
  async openEpisodeStarts(em: EntityManager, clientIds: string[]): Promise<Map<string, string>> {
    return this.repository.openEpisodeStarts(em, clientIds);
  }
}
