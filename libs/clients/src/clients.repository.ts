import { Injectable } from '@nestjs/common';
import { clinicDaySql } from '@tongban/clinics/clinic-day-sql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ClientRef, RelationRow, VisibilityFilter } from './access';
import { AccessGrounds, KeysetPosition, PreparedStatements, sql, Sql } from '@tongban/platform';
import { DataSource, EntityManager, In, IsNull, SelectQueryBuilder } from 'typeorm';
import { DropoutRule, DropoutTerms } from './dropout-rule';
import { ClientSearchTerm } from './entities/client-search-term.entity';
import { Client } from './entities/client.entity';
import { EpisodeEndReason, TreatmentEpisode } from './entities/treatment-episode.entity';
import { hasPhotoSql } from './photo/client-photo.repository';

/** A client of the dispensing window's list as read (personal fields still sealed). */
export interface InTreatmentRow {
  id: string;
  code: string;
  preferredName: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  /** The open episode's first day and the registration day, clinic days (YYYY-MM-DD). */
  episodeStart: string;
  registeredOn: string;
  hasPhoto: boolean;
  /** A guest of the day (another clinic's client): their home clinic's id and code; null for the clinic's own. */
  homeClinicId: string | null;
  homeClinicCode: string | null;
  /** Where one of the clinic's own clients doses as a guest today, as JSON `{ hostClinicId, until }`, or null. */
  away: { hostClinicId: string; until: string } | null;
}

/** Who the dispensing window lists besides the clinic's own clients, and where its own dose away. */
export interface WindowGuests {
  /** The guests of the day, as a condition on the client `c` of another clinic (null: none for this caller). */
  guests: Sql | null;
  /** The arrangements in force today of the clinic's own clients, as a relation `(client_id, away)`, `away` as JSON. */
  away: Sql | null;
}

/** A client in treatment a caller may see, for an area's day lists (the drug tests due). */
export interface VisibleInTreatment {
  id: string;
  code: string;
  /** The open episode's first day (YYYY-MM-DD). */
  episodeStart: string;
  grounds: AccessGrounds;
}

export interface ClientSearch {
  codes?: string[];
  hashes?: string[];
  status?: string;
  /** Only clients with no counselor on their care team. */
  withoutCounselor?: boolean;
}

/** A drop-out settled by {@link ClientsRepository.settleDropouts}. */
export interface SettledDropout {
  clientId: string;
  clinicId: string;
  episodeId: string;
  endDate: string;
}

/**
 * The terms of the drop-out rule for a client `c` with its open episode `e`
 * and clinic `k`, today being the clinic's day at the instant `now` (an SQL
 * expression for a timestamptz).
 */
function dropoutTerms(now: Date): DropoutTerms {
  return {
    clientId: sql`c.id`,
    episodeStart: sql`e.start_date`,
    today: clinicDaySql(sql`k`, sql`${now}`),
    dropoutDays: sql`k.dropout_days`,
    registeredOn: clinicDaySql(sql`k`, sql`c.created_at`),
  };
}

/**
 * Another area's read of one client, made in the statement that reads the
 * client for the access policy (`ClientsService.requireAccessWith`),
 * to spare the request a round trip.
 */
export interface ReadAlongside<T> {
  /** The prepared statement's name in its area (`area.what`). */
  name: string;
  /**
   * A statement answering at most one row about the client whose id and
   * clinic id are the SQL expressions given. Its column names must not begin
   * with `access_` (the client's own columns there are named so), nor its
   * table aliases (the statement around it names its own so).
   */
  statement(clientId: Sql, clinicId: Sql): Sql;
  /** What the row says, from its columns (names in camelCase). */
  read(row: Record<string, unknown>): T;
}

/** The columns of the client's own row in a statement with a {@link ReadAlongside}: `access…` in camelCase. */
const ACCESS_COLUMN = /^access[A-Z]/;

@Injectable()
export class ClientsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly prepared: PreparedStatements,
  ) {}

  /** The next client number of a clinic; the counter row's lock serializes concurrent registrations. */
  async nextNumber(em: EntityManager, clinicId: string): Promise<number> {
    const row = await sql`INSERT INTO client_code_counter (clinic_id, last) VALUES (${clinicId}, 1)
                          ON CONFLICT (clinic_id) DO UPDATE SET last = client_code_counter.last + 1
                          RETURNING last`.one<{ last: number }>(em);
    return Number(row.last);
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

  /** The client of the clinic (other than `exceptClientId`) whose national ID has one of these blind indexes, or null. */
  async clientWithNationalId(clinicId: string, hashes: string[], exceptClientId?: string): Promise<string | null> {
    const query = this.dataSource
      .getRepository(Client)
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .where('c.clinic_id = :clinicId AND c.national_id_hash IN (:...hashes)', { clinicId, hashes });
    if (exceptClientId) query.andWhere('c.id <> :exceptClientId', { exceptClientId });
    return (await query.limit(1).getRawOne<{ id: string }>())?.id ?? null;
  }

  /**
   * The client, and whether a drop-out is due that is not settled yet (an
   * active client whose open episode the rule ends as of `now`), in one
   * statement, with the caller's relation to the client when the access
   * policy hands its columns over (`relation`: the client's id as an SQL
   * expression and a parameter adder in, columns or null out). The clinic
   * row is read here for its time zone and threshold only; its owner's rules
   * are not involved.
   */
  async findRefWithDropout<T = never>(
    id: string,
    rule: DropoutRule,
    now: Date,
    relation?: (clientId: Sql) => Sql | null,
    alongside?: ReadAlongside<T>,
  ): Promise<{ ref: ClientRef; dropoutDue: boolean; relation: RelationRow | null; alongside: T | null } | null> {
    const due = sql`c.status = 'active' AND e.id IS NOT NULL AND (${rule(dropoutTerms(now))}) IS NOT NULL`;
    const relationSql = relation?.(sql`c.id`) ?? null;
    const ref = sql`SELECT c.id, c.clinic_id, c.status, ${due} AS due${relationSql ? sql`, ${relationSql}` : sql.empty}
                      FROM client c
                      JOIN clinic k ON k.id = c.clinic_id
                      LEFT JOIN treatment_episode e ON e.client_id = c.id AND e.end_date IS NULL
                     WHERE c.id = ${id}::uuid`;
    type RefRow = { id: string; clinicId: string; status: ClientRef['status']; due: boolean } & RelationRow;
    const found = (row: RefRow) => ({
      ref: { id: row.id, clinicId: row.clinicId, status: row.status },
      dropoutDue: row.due,
      relation: relationSql ? { related: row.related, emergency: row.emergency } : null,
    });
    if (!alongside) {
      const row = await ref.named('clients.ref').maybeOne<RefRow>(this.prepared);
      return row ? { ...found(row), alongside: null } : null;
    }
    // The other area's statement reads the client the outer row found; its columns come back beside the ref's, whose names the prefix keeps apart.
    const row = await sql`SELECT access_ref.id AS access_id, access_ref.clinic_id AS access_clinic_id, access_ref.status AS access_status,
                                 access_ref.due AS access_due,
                                 ${relationSql ? sql`access_ref.related AS access_related, access_ref.emergency AS access_emergency,` : sql.empty}
                                 access_read.*
                            FROM (${ref}) access_ref
                            LEFT JOIN LATERAL (SELECT TRUE AS access_alongside, access_row.*
                                                 FROM (${alongside.statement(sql`access_ref.id`, sql`access_ref.clinic_id`)}) access_row) access_read ON TRUE`
      .named(`clients.ref.${alongside.name}`)
      .maybeOne<Record<string, unknown>>(this.prepared);
    if (!row) return null;
    const refRow: Record<string, unknown> = {};
    const other: Record<string, unknown> = {};
    for (const key in row) {
      if (ACCESS_COLUMN.test(key)) refRow[key.charAt(6).toLowerCase() + key.slice(7)] = row[key];
      else other[key] = row[key];
    }
    return { ...found(refRow as unknown as RefRow), alongside: row.accessAlongside === true ? alongside.read(other) : null };
  }

  async findRef(id: string): Promise<ClientRef | null> {
    const client = await this.dataSource
      .getRepository(Client)
      .findOne({ where: { id }, select: { id: true, clinicId: true, status: true } });
    return client ? { id: client.id, clinicId: client.clinicId, status: client.status } : null;
  }

  /** The client of this clinic with exactly this code (codes are unique per clinic). */
  async findRefByCode(clinicId: string, code: string): Promise<ClientRef | null> {
    const client = await this.dataSource
      .getRepository(Client)
      .findOne({ where: { clinicId, code }, select: { id: true, clinicId: true, status: true } });
    return client ? { id: client.id, clinicId: client.clinicId, status: client.status } : null;
  }

  findByIds(ids: string[]): Promise<Client[]> {
    return this.dataSource.getRepository(Client).findBy({ id: In([...new Set(ids)]) });
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
  ): Promise<Array<{ client: Client; grounds: string; hasPhoto: boolean }>> {
    const query = this.visible(visibility, search)
      .addSelect(visibility.grounds, 'access_grounds')
      .addSelect(hasPhotoSql(sql`c.id`).text, 'has_photo');
    if (search.status) query.andWhere('c.status = :status', { status: search.status });
    if (search.withoutCounselor) query.andWhere(withoutCounselorSql(sql`c`).text);
    if (after) query.andWhere('(c.code, c.id) > (:afterKey, :afterId)', { afterKey: after.key, afterId: after.id });
    const { entities, raw } = await query
      .orderBy('c.code', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit + 1)
      .getRawAndEntities<{ access_grounds: string; has_photo: boolean }>();
    return entities.map((client, index) => ({ client, grounds: raw[index].access_grounds, hasPhoto: raw[index].has_photo }));
  }

  /**
   * Among the clients a list would show (the visibility filter and the
   * search, whatever their status), the active ones whose drop-out is due as
   * of `now` and not settled yet: one statement, within the caller's clinic.
   */
  async dueDropoutsAmong(visibility: VisibilityFilter, search: ClientSearch, rule: DropoutRule, now: Date): Promise<string[]> {
    return this.dueDropouts(this.visible(visibility, search), rule, now);
  }

  /** The clinic's active clients whose drop-out is due as of `now` and not settled yet: one statement. */
  async dueDropoutsInClinic(clinicId: string, rule: DropoutRule, now: Date): Promise<string[]> {
    return this.dueDropouts(
      this.dataSource.getRepository(Client).createQueryBuilder('c').where('c.clinic_id = :dueClinicId', { dueClinicId: clinicId }),
      rule,
      now,
    );
  }

  /**
   * Settles the drop-outs due among these clients as of `now`, in one
   * statement inside the caller's transaction: the rule is applied again to
   * the locked rows (a concurrent read may have settled some already), each
   * open episode ends on the rule's day with `dropout`, and the client reads
   * `dropped_out`.
   */
  async settleDropouts(em: EntityManager, clientIds: string[], rule: DropoutRule, now: Date): Promise<SettledDropout[]> {
    if (clientIds.length === 0) return [];
    return sql`WITH due AS (
         SELECT c.id AS client_id, c.clinic_id, e.id AS episode_id, d.end_date
           FROM client c
           JOIN clinic k ON k.id = c.clinic_id
           JOIN treatment_episode e ON e.client_id = c.id AND e.end_date IS NULL
          CROSS JOIN LATERAL (SELECT ${rule(dropoutTerms(now))} AS end_date) d
          WHERE c.id = ANY(${sql.uuids(clientIds)}) AND c.status = 'active' AND d.end_date IS NOT NULL
            FOR UPDATE OF c),
       ended AS (
         UPDATE treatment_episode t SET end_date = due.end_date, end_reason = 'dropout' FROM due WHERE t.id = due.episode_id),
       marked AS (
         UPDATE client t SET status = 'dropped_out', updated_at = now() FROM due WHERE t.id = due.client_id)
       SELECT client_id, clinic_id, episode_id, to_char(end_date, 'YYYY-MM-DD') AS end_date FROM due ORDER BY client_id`.rows<SettledDropout>(
      em,
    );
  }

  /** The clients the visibility filter lets through that match the search (code or blind index), of any status. */
  private visible(visibility: VisibilityFilter, search: ClientSearch): SelectQueryBuilder<Client> {
    return matching(this.dataSource.getRepository(Client).createQueryBuilder('c').where(visibility.where, visibility.params), search);
  }

  /** The active clients of `clients` (a query on `c`) whose open episode the rule ends as of `now`. */
  private async dueDropouts(clients: SelectQueryBuilder<Client>, rule: DropoutRule, now: Date): Promise<string[]> {
    const due = sql`c.status = 'active' AND (${rule(dropoutTerms(now))}) IS NOT NULL`.forQueryBuilder('due');
    const rows = await clients
      .select('c.id', 'id')
      .innerJoin('clinic', 'k', 'k.id = c.clinic_id')
      .innerJoin(TreatmentEpisode, 'e', 'e.client_id = c.id AND e.end_date IS NULL')
      .andWhere(due.text, due.params)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
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

  /** Of these clients of the clinic, those in treatment (active, with an open episode): its first day and the registration day. */
  async treatmentDaysOf(clinicId: string, ids: string[]): Promise<Array<{ id: string; episodeStart: string; registeredOn: string }>> {
    if (ids.length === 0) return [];
    return sql`SELECT c.id, to_char(e.start_date, 'YYYY-MM-DD') AS episode_start,
                      to_char(${clinicDaySql(sql`k`, sql`c.created_at`)}, 'YYYY-MM-DD') AS registered_on
                 FROM client c
                 JOIN treatment_episode e ON e.client_id = c.id AND e.end_date IS NULL
                 JOIN clinic k ON k.id = c.clinic_id
                WHERE c.clinic_id = ${clinicId}::uuid AND c.status = 'active' AND c.id = ANY(${sql.uuids(ids)})`.rows<{
      id: string;
      episodeStart: string;
      registeredOn: string;
    }>(this.dataSource);
  }

  /** The first day of the client's first episode (their intake), or null without one. */
  async intakeOf(clientId: string): Promise<string | null> {
    const row = await sql`SELECT to_char(min(e.start_date), 'YYYY-MM-DD') AS intake
                            FROM treatment_episode e WHERE e.client_id = ${clientId}::uuid`.maybeOne<{ intake: string | null }>(
      this.dataSource,
    );
    return row?.intake ?? null;
  }

  /**
   * The clinic's clients in treatment (active, with an open episode) that
   * `visible` (a condition on `c`) lets the caller see, by code: id, code,
   * the open episode's first day and the grounds (`grounds`, an expression on `c`).
   */
  visibleInTreatment(clinicId: string, visible: Sql, grounds: Sql): Promise<VisibleInTreatment[]> {
    return sql`SELECT c.id, c.code, to_char(e.start_date, 'YYYY-MM-DD') AS episode_start, ${grounds} AS grounds
                 FROM client c
                 JOIN treatment_episode e ON e.client_id = c.id AND e.end_date IS NULL
                WHERE c.clinic_id = ${clinicId}::uuid AND c.status = 'active' AND ${visible}
                ORDER BY c.code, c.id`.rows<VisibleInTreatment>(this.dataSource);
  }

  /** Every client of a clinic by code, with the first day of their first episode (for imports). */
  async codesWithIntake(clinicId: string): Promise<Array<{ id: string; code: string; intake: string }>> {
    return sql`SELECT c.id, c.code, to_char(min(e.start_date), 'YYYY-MM-DD') AS intake
                 FROM client c JOIN treatment_episode e ON e.client_id = c.id
                WHERE c.clinic_id = ${clinicId}
                GROUP BY c.id, c.code`.rows<{ id: string; code: string; intake: string }>(this.dataSource);
  }

  async openEpisodeStarts(em: EntityManager, clientIds: string[]): Promise<Map<string, string>> {
    if (clientIds.length === 0) return new Map();
    const rows = await sql`SELECT client_id, to_char(start_date, 'YYYY-MM-DD') AS start
                             FROM treatment_episode WHERE end_date IS NULL AND client_id = ANY(${sql.uuids(clientIds)})`.rows<{
      clientId: string;
      start: string;
    }>(em);
    return new Map(rows.map((row) => [row.clientId, row.start]));
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
    return sql`SELECT client_id, episode_id, to_char(start_date, 'YYYY-MM-DD') AS start_date
         FROM (SELECT DISTINCT ON (e.client_id) e.client_id, e.id AS episode_id, e.start_date, e.end_date, e.end_reason
                 FROM treatment_episode e JOIN client c ON c.id = e.client_id
                WHERE e.client_id = ANY(${sql.uuids(clientIds)}) AND c.status = 'dropped_out'
                ORDER BY e.client_id, e.start_date DESC) latest
        WHERE end_reason = 'dropout' AND end_date = start_date`.rows<{ clientId: string; episodeId: string; startDate: string }>(em);
  }
}

/**
 * The client (alias of a `client` row) has no counselor on their care team:
 * the rule of `GET /clients?counselor=none` and of the coordinator's worklist.
 */
export function withoutCounselorSql(alias: Sql): Sql {
  return sql`NOT EXISTS (SELECT 1 FROM care_team_member wc WHERE wc.client_id = ${alias}.id AND wc.role = 'counselor')`;
}

/**
 * The clients of a worklist: those `visible` (a condition on `c`) lets
 * through, with their code and, for those in treatment (active, with an open
 * episode), the open episode's first day and the registration day (clinic
 * days), as a statement other areas read beside their own rows
 * (`WITH seen AS (...)`).
 */
export function worklistClientsSql(visible: Sql): Sql {
  return sql`SELECT c.id, c.code, c.status,
                    (c.status = 'active' AND e.id IS NOT NULL) AS in_treatment,
                    to_char(e.start_date, 'YYYY-MM-DD') AS episode_start,
                    to_char(${clinicDaySql(sql`k`, sql`c.created_at`)}, 'YYYY-MM-DD') AS registered_on,
                    ${withoutCounselorSql(sql`c`)} AS without_counselor
               FROM client c
               JOIN clinic k ON k.id = c.clinic_id
               LEFT JOIN treatment_episode e ON e.client_id = c.id AND e.end_date IS NULL
              WHERE ${visible}`;
}

/**
 * Narrows `query` (on a client `c`) to the search: a code among `codes`, or a
 * blind index among `hashes` (names, phone, national ID). No search: no change.
 */
function matching(query: SelectQueryBuilder<Client>, search: ClientSearch): SelectQueryBuilder<Client> {
  const condition = searchSql(search);
  if (condition === null) return query;
  const { text, params } = condition.forQueryBuilder('search');
  return query.andWhere(text, params);
}

/**
 * The search as a condition on `c` (its code among `codes`, or one of its
 * blind-index terms among `hashes`; nothing matches when both are empty), or
 * null when there is no search. Arrays, so the text is the same for any
 * number of terms (one prepared statement serves every search).
 */
function searchSql(search: ClientSearch): Sql | null {
  if (!search.codes && !search.hashes) return null;
  return sql`(c.code = ANY(${search.codes ?? []}::text[])
              OR EXISTS (SELECT 1 FROM client_search_term t
                          WHERE t.client_id = c.id AND t.clinic_id = c.clinic_id AND t.hash = ANY(${search.hashes ?? []}::text[])))`;
}

/**
 * The clinic's clients in treatment (active, with an open episode) that
 * match the search, by code after `after`: at most `limit + 1` rows (the
 * last tells that another page follows), with the columns of
 * {@link InTreatmentRow}, names still sealed. A statement of its own, or one
 * another area reads beside (`WITH page AS (...)`: the dispensing window).
 */
export function inTreatmentSql(
  clinicId: string,
  limit: number,
  after: KeysetPosition | undefined,
  search: ClientSearch,
  window: WindowGuests = { guests: null, away: null },
): Sql {
  const matches = searchSql(search);
  const own = sql`c.clinic_id = ${clinicId}::uuid AND c.status = 'active'`;
  return sql`SELECT c.id, c.code, c.preferred_name, c.given_name, c.family_name, c.date_of_birth,
                    to_char(e.start_date, 'YYYY-MM-DD') AS episode_start,
                    to_char(${clinicDaySql(sql`k`, sql`c.created_at`)}, 'YYYY-MM-DD') AS registered_on,
                    ${hasPhotoSql(sql`c.id`)} AS has_photo,
                    CASE WHEN c.clinic_id <> ${clinicId}::uuid THEN c.clinic_id END AS home_clinic_id,
                    CASE WHEN c.clinic_id <> ${clinicId}::uuid THEN k.code END AS home_clinic_code,
                    ${window.away ? sql`gd_a.away` : sql`NULL::json`} AS away
               FROM client c
               JOIN treatment_episode e ON e.client_id = c.id AND e.end_date IS NULL
               JOIN clinic k ON k.id = c.clinic_id
               ${window.away ? sql`LEFT JOIN ${window.away} gd_a ON gd_a.client_id = c.id` : sql.empty}
              WHERE ${window.guests ? sql`((${own}) OR (${window.guests}))` : own}
                    ${matches ? sql`AND ${matches}` : sql.empty}
                    ${after ? sql`AND (c.code, c.id) > (${after.key}::varchar, ${after.id}::uuid)` : sql.empty}
              ORDER BY c.code, c.id
              LIMIT ${limit + 1}`.named('clients.in_treatment');
}
