import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ClientRef, VisibilityFilter } from '@tongban/consent';
import { KeysetPosition } from '@tongban/platform';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { ClientSearchTerm } from './entities/client-search-term.entity';
import { Client } from './entities/client.entity';
import { EpisodeEndReason, TreatmentEpisode } from './entities/treatment-episode.entity';

export interface ClientSearch {
  codes?: string[];
  hashes?: string[];
  status?: string;
}

@Injectable()
export class ClientsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The next client number of a clinic; the counter row's lock serializes concurrent registrations. */
  async nextNumber(em: EntityManager, clinicId: string): Promise<number> {
    const rows = await em.query<Array<{ last: number }>>(
      `INSERT INTO client_code_counter (clinic_id, last) VALUES ($1, 1)
       ON CONFLICT (clinic_id) DO UPDATE SET last = client_code_counter.last + 1
       RETURNING last`,
      [clinicId],
    );
    return Number(rows[0].last);
  }

  insert(em: EntityManager, client: Partial<Client>): Promise<Client> {
    return em.getRepository(Client).save(em.getRepository(Client).create(client));
  }

  save(em: EntityManager, client: Client): Promise<Client> {
    return em.getRepository(Client).save(client);
  }

  async replaceSearchTerms(em: EntityManager, clientId: string, clinicId: string, hashes: string[]): Promise<void> {
    await em.getRepository(ClientSearchTerm).delete({ clientId });
    const unique = [...new Set(hashes)];
    if (unique.length > 0) await em.getRepository(ClientSearchTerm).insert(unique.map((hash) => ({ clientId, clinicId, hash })));
  }

  async nationalIdTaken(clinicId: string, hashes: string[], exceptClientId?: string): Promise<boolean> {
    const query = this.dataSource
      .getRepository(Client)
      .createQueryBuilder('c')
      .where('c.clinic_id = :clinicId AND c.national_id_hash IN (:...hashes)', { clinicId, hashes });
    if (exceptClientId) query.andWhere('c.id <> :exceptClientId', { exceptClientId });
    return (await query.getCount()) > 0;
  }

  async findRef(id: string): Promise<ClientRef | null> {
    const client = await this.dataSource
      .getRepository(Client)
      .findOne({ where: { id }, select: { id: true, clinicId: true, status: true } });
    return client ? { id: client.id, clinicId: client.clinicId, status: client.status } : null;
  }

  findById(id: string): Promise<Client | null> {
    return this.dataSource.getRepository(Client).findOneBy({ id });
  }

  findByIdsWithin(em: EntityManager, ids: string[]): Promise<Client[]> {
    return em.getRepository(Client).findBy({ id: In(ids) });
  }

  async setNationalIdHash(em: EntityManager, id: string, nationalIdHash: string | null): Promise<void> {
    await em.getRepository(Client).update({ id }, { nationalIdHash });
  }

  findByIdForUpdate(em: EntityManager, id: string): Promise<Client | null> {
    return em.getRepository(Client).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** A page of the clients the visibility filter lets through, each with the grounds it rests on. */
  async findVisiblePage(
    visibility: VisibilityFilter,
    search: ClientSearch,
    limit: number,
    after?: KeysetPosition,
  ): Promise<Array<{ client: Client; grounds: string }>> {
    const query = this.dataSource
      .getRepository(Client)
      .createQueryBuilder('c')
      .addSelect(visibility.grounds, 'access_grounds')
      .where(visibility.where, visibility.params);
    if (search.codes || search.hashes) {
      const matches = [];
      if (search.codes?.length) matches.push('c.code IN (:...codes)');
      if (search.hashes?.length) {
        matches.push(
          'EXISTS (SELECT 1 FROM client_search_term t WHERE t.client_id = c.id AND t.clinic_id = c.clinic_id AND t.hash IN (:...hashes))',
        );
      }
      query.andWhere(matches.length > 0 ? `(${matches.join(' OR ')})` : 'FALSE', { codes: search.codes, hashes: search.hashes });
    }
    if (search.status) query.andWhere('c.status = :status', { status: search.status });
    if (after) query.andWhere('(c.code, c.id) > (:afterKey, :afterId)', { afterKey: after.key, afterId: after.id });
    const { entities, raw } = await query
      .orderBy('c.code', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit + 1)
      .getRawAndEntities<{ access_grounds: string }>();
    return entities.map((client, index) => ({ client, grounds: raw[index].access_grounds }));
  }

  async codesOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(Client)
      .find({ where: { id: In([...new Set(ids)]) }, select: { id: true, code: true } });
    return new Map(rows.map((row) => [row.id, row.code]));
  }

  openEpisodeOf(clientId: string, em?: EntityManager): Promise<TreatmentEpisode | null> {
    return (em ?? this.dataSource.manager).getRepository(TreatmentEpisode).findOneBy({ clientId, endDate: IsNull() });
  }

  /** A page (`limit + 1` rows) of the clinic's clients in treatment (active, with an open episode), by code. */
  async inTreatment(clinicId: string, limit: number, after?: KeysetPosition): Promise<Array<{ client: Client; episodeStart: string }>> {
    const query = this.dataSource
      .getRepository(Client)
      .createQueryBuilder('c')
      .innerJoin(TreatmentEpisode, 'e', 'e.client_id = c.id AND e.end_date IS NULL')
      .addSelect("to_char(e.start_date, 'YYYY-MM-DD')", 'episode_start')
      .where('c.clinic_id = :clinicId AND c.status = :active', { clinicId, active: 'active' });
    if (after) query.andWhere('(c.code, c.id) > (:afterKey, :afterId)', { afterKey: after.key, afterId: after.id });
    const { entities, raw } = await query
      .orderBy('c.code', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit + 1)
      .getRawAndEntities<{ episode_start: string }>();
    return entities.map((client, index) => ({ client, episodeStart: raw[index].episode_start }));
  }

  /** Every client of a clinic by code, with the first day of their first episode (for imports). */
  async codesWithIntake(clinicId: string): Promise<Array<{ id: string; code: string; intake: string }>> {
    return this.dataSource.query<Array<{ id: string; code: string; intake: string }>>(
      `SELECT c.id, c.code, to_char(min(e.start_date), 'YYYY-MM-DD') AS intake
         FROM client c JOIN treatment_episode e ON e.client_id = c.id
        WHERE c.clinic_id = $1
        GROUP BY c.id, c.code`,
      [clinicId],
    );
  }

  async openEpisodeStarts(em: EntityManager, clientIds: string[]): Promise<Map<string, string>> {
    if (clientIds.length === 0) return new Map();
    const rows = await em.query<Array<{ client_id: string; start: string }>>(
      `SELECT client_id, to_char(start_date, 'YYYY-MM-DD') AS start FROM treatment_episode WHERE end_date IS NULL AND client_id = ANY($1::uuid[])`,
      [clientIds],
    );
    return new Map(rows.map((row) => [row.client_id, row.start]));
  }

  episodesOf(clientId: string): Promise<TreatmentEpisode[]> {
    return this.dataSource.getRepository(TreatmentEpisode).find({ where: { clientId }, order: { startDate: 'ASC' } });
  }

  /** Episodes of a client inside a transaction (locked client row held by the caller). */
  episodesWithin(em: EntityManager, clientId: string): Promise<TreatmentEpisode[]> {
    return em.getRepository(TreatmentEpisode).find({ where: { clientId }, order: { startDate: 'ASC' } });
  }

  insertEpisode(em: EntityManager, episode: { clientId: string; clinicId: string; startDate: string }): Promise<TreatmentEpisode> {
    return em
      .getRepository(TreatmentEpisode)
      .save(em.getRepository(TreatmentEpisode).create({ ...episode, endDate: null, endReason: null }));
  }

  async closeEpisode(em: EntityManager, id: string, endDate: string, endReason: EpisodeEndReason): Promise<void> {
    await em.getRepository(TreatmentEpisode).update({ id }, { endDate, endReason });
  }

  async reopenEpisode(em: EntityManager, id: string): Promise<void> {
    await em.getRepository(TreatmentEpisode).update({ id }, { endDate: null, endReason: null });
  }

  /** Dropped-out clients among these whose latest episode ended by drop-out on its first day, with that episode. */
  async dropoutsOnFirstDay(
    em: EntityManager,
    clientIds: string[],
  ): Promise<Array<{ clientId: string; episodeId: string; startDate: string }>> {
    if (clientIds.length === 0) return [];
    const rows = await em.query<Array<{ client_id: string; episode_id: string; start_date: string }>>(
      `SELECT client_id, episode_id, to_char(start_date, 'YYYY-MM-DD') AS start_date
         FROM (SELECT DISTINCT ON (e.client_id) e.client_id, e.id AS episode_id, e.start_date, e.end_date, e.end_reason
                 FROM treatment_episode e JOIN client c ON c.id = e.client_id
                WHERE e.client_id = ANY($1::uuid[]) AND c.status = 'dropped_out'
                ORDER BY e.client_id, e.start_date DESC) latest
        WHERE end_reason = 'dropout' AND end_date = start_date`,
      [clientIds],
    );
    return rows.map((row) => ({ clientId: row.client_id, episodeId: row.episode_id, startDate: row.start_date }));
  }
}
