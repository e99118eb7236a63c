import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { exactInstantSql, PairPosition, PreparedStatements, SqlStatement } from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import { coverageAsOfSql, coverageOf } from './coverage-sql';
import { DoseCover, Thresholds } from './dosing-rules';
import { DoseOrder } from './entities/dose-order.entity';
import { DosingVisit } from './entities/dosing-visit.entity';

/** The fields that end or void an order, written after it. */
export type OrderClosing = 'endDate' | 'endReason' | 'endedBy' | 'voidedAt' | 'voidedBy' | 'voidReason';

/** The order in force on a day, as the rules need it. */
export type OrderInForce = Pick<DoseOrder, 'id' | 'doseMg' | 'effectiveDate' | 'splitDose' | 'takeHomeDaysPerWeek' | 'createdAt' | 'note'>;

/** What the dosing rules need of a client on a clinic day, read in one statement (see {@link DosingRepository.dayContext}). */
export interface DayContext {
  timeZone: string;
  thresholds: Thresholds;
  /** The day asked for, or today in the clinic's time zone at the instant given (as PostgreSQL computes it). */
  day: string;
  /** The first day of the open treatment episode, if one is open. */
  episodeStart: string | null;
  /** The first day of the latest episode, open or not. */
  latestEpisodeStart: string | null;
  /** The clinic day the client was registered in Tongban. */
  registeredOn: string | null;
  /** The last covered day before `day`, and whether `day` itself is covered. */
  lastCovered: string | null;
  covered: boolean;
  /** The day's live observed parts, in order of part. */
  observed: ObservedPart[];
  order: OrderInForce | null;
}

/** The columns of the order in force `o` ({@link orderInForceSql}) in a row that holds more, prefixed `order_`. */
const ORDER_IN_FORCE_COLUMNS = `o.id AS order_id, o.dose_mg AS order_dose_mg, to_char(o.effective_date, 'YYYY-MM-DD') AS order_effective_date,
  o.split_dose AS order_split_dose, o.take_home_days_per_week AS order_take_home_days_per_week,
  o.created_at AS order_created_at, o.note AS order_note`;

interface OrderInForceRow {
  order_id: string | null;
  order_dose_mg: string | null;
  order_effective_date: string | null;
  order_split_dose: boolean | null;
  order_take_home_days_per_week: number | null;
  order_created_at: Date | null;
  order_note: string | null;
}

/** The order in force read with {@link ORDER_IN_FORCE_COLUMNS}, or null when none is. */
function orderInForceOf(row: OrderInForceRow): OrderInForce | null {
  return row.order_id === null
    ? null
    : {
        id: row.order_id,
        doseMg: Number(row.order_dose_mg),
        effectiveDate: row.order_effective_date!,
        splitDose: row.order_split_dose!,
        takeHomeDaysPerWeek: row.order_take_home_days_per_week!,
        createdAt: row.order_created_at!,
        note: row.order_note,
      };
}

/** What the dispensing window's list shows beside a client (see {@link DosingRepository.windowDaysOf}). */
export interface WindowDay {
  /** The last covered day before today, and whether today is covered. */
  lastCovered: string | null;
  covered: boolean;
  /** The doses (mg) of today's live observed parts, in order of part. */
  observed: number[];
  order: OrderInForce | null;
}

interface WindowDayRow extends OrderInForceRow {
  window_last: string | null;
  window_covered: boolean;
  window_observed: string[];
}

interface DayContextRow extends OrderInForceRow {
  time_zone: string;
  missed_doses_assess: number;
  missed_doses_retitrate: number;
  dropout_days: number;
  day: string;
  episode_start: string | null;
  latest_episode_start: string | null;
  registered_on: string | null;
  last: string | null;
  covered: boolean;
  observed: string[];
}

/**
 * The order in force for a client on `day` (SQL expressions), as a subquery
 * of `dose_order` rows (zero or one): the latest not voided that takes effect
 * on or before the day (of two on the same day, the one written last),
 * unless a physician ended it before the day. One place for what "in force" means.
 */
export function orderInForceSql(clientId: string, day: string): string {
  return `(SELECT * FROM (SELECT * FROM dose_order
                            WHERE client_id = ${clientId} AND effective_date <= ${day} AND voided_at IS NULL
                            ORDER BY effective_date DESC, created_at DESC LIMIT 1) latest
            WHERE latest.end_date IS NULL OR latest.end_date >= ${day})`;
}

/** A live observed part of a day: its number (1 or 2) and its dose. */
export interface ObservedPart {
  part: number;
  doseMg: number;
}

/** A client's live observed parts on a day, in order of part, each as text `part:dose_mg` ({@link observedPartOf} reads it). */
function observedPartsSql(clientId: string, day: string): string {
  return `SELECT part::text || ':' || dose_mg::text AS observed FROM dosing_visit
           WHERE client_id = ${clientId} AND clinic_day = ${day} AND kind = 'observed' AND voided_at IS NULL ORDER BY part`;
}

function observedPartOf(text: string): ObservedPart {
  const [part, doseMg] = text.split(':');
  return { part: Number(part), doseMg: Number(doseMg) };
}

/** The fields that void a dose, written after it. */
export type VisitVoiding = 'voidedAt' | 'voidedBy' | 'voidReason';

/** A dose as recorded, with the fields its answer shows. */
export type RecordedVisit = Omit<DosingVisit, 'reason' | 'assessmentNote' | VisitVoiding>;

/** A dose as the histories show it (notes still sealed). */
export type ShownVisit = Pick<
  DosingVisit,
  | 'id'
  | 'clinicDay'
  | 'doseMg'
  | 'kind'
  | 'part'
  | 'coversDays'
  | 'reason'
  | 'assessmentNote'
  | 'recordedBy'
  | 'recordedAt'
  | 'voidedAt'
  | 'voidReason'
>;

/** A dose of a page of the list, with its recorded time exactly as stored (for the cursor). */
export type ListedVisit = ShownVisit & { recordedAtKey: string };

/** The columns of a {@link ShownVisit}, for the statements that read one. */
const SHOWN_VISIT = `id, to_char(clinic_day, 'YYYY-MM-DD') AS "clinicDay", dose_mg::float8 AS "doseMg", kind, part, covers_days AS "coversDays",
  reason, assessment_note AS "assessmentNote", recorded_by AS "recordedBy", recorded_at AS "recordedAt", voided_at AS "voidedAt",
  void_reason AS "voidReason"`;

/** An order of a page of the list, with its creation time exactly as stored (for the cursor). */
export type ListedOrder = Omit<DoseOrder, 'clientId' | 'clinicId' | 'endedBy' | 'voidedBy'> & { createdAtKey: string };

/** The columns of a {@link ListedOrder}, for the statements that read one. */
const LISTED_ORDER = `id, dose_mg::float8 AS "doseMg", to_char(effective_date, 'YYYY-MM-DD') AS "effectiveDate", split_dose AS "splitDose",
  take_home_days_per_week AS "takeHomeDaysPerWeek", note, ordered_by AS "orderedBy", created_at AS "createdAt",
  to_char(end_date, 'YYYY-MM-DD') AS "endDate", end_reason AS "endReason", voided_at AS "voidedAt", void_reason AS "voidReason",
  ${exactInstantSql('created_at')} AS "createdAtKey"`;

@Injectable()
export class DosingRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly prepared: PreparedStatements,
  ) {}

  /** `createdAt` comes from the app's Clock, so the re-titration rule reads the same "now" as every other rule. */
  insertOrder(em: EntityManager, order: Omit<DoseOrder, 'id' | OrderClosing>): Promise<DoseOrder> {
    return em.getRepository(DoseOrder).save(em.getRepository(DoseOrder).create(order));
  }

  /**
   * A client's orders, the latest in force first (effective date, then the
   * one written last, then id), `limit + 1` of them after `after`.
   */
  ordersOfClientPage(clientId: string, limit: number, after?: PairPosition): Promise<ListedOrder[]> {
    const params: unknown[] = [clientId];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const where = ['client_id = $1'];
    if (after) {
      where.push(
        `(effective_date, created_at, id) < (${param(after.first)}::date, ${param(after.second)}::timestamptz, ${param(after.id)}::uuid)`,
      );
    }
    return this.dataSource.query<ListedOrder[]>(
      `SELECT ${LISTED_ORDER} FROM dose_order WHERE ${where.join(' AND ')}
        ORDER BY effective_date DESC, created_at DESC, id DESC LIMIT ${param(limit + 1)}`,
      params,
    );
  }

  /**
   * Everything the rules need to record a dose or show a client's standing,
   * in one round trip: the clinic's time zone and thresholds, the day (`day`,
   * or today there at `now`), the open episode's first day, the
   * coverage up to the day and the order in force on it (the latest
   * effective on or before it; of two on the same day, the one written last).
   *
   * The dosing hot path reads the clinic's, the episode's and the client's
   * (its registration) rows here directly, where ClinicsService and ClientsService would take a statement
   * each; it only reads them, and their owners' rules are not involved.
   * Null when the clinic does not exist.
   */
  async dayContext(clientId: string, clinicId: string, now: Date, day: string | null): Promise<DayContext | null> {
    const rows = await this.prepared.query<DayContextRow[]>(
      `SELECT c.time_zone, c.missed_doses_assess, c.missed_doses_retitrate, c.dropout_days,
              to_char(d.day, 'YYYY-MM-DD') AS day,
              (SELECT to_char(e.start_date, 'YYYY-MM-DD') FROM treatment_episode e
                WHERE e.client_id = $1 AND e.end_date IS NULL) AS episode_start,
              (SELECT to_char(max(e.start_date), 'YYYY-MM-DD') FROM treatment_episode e WHERE e.client_id = $1) AS latest_episode_start,
              (SELECT to_char((r.created_at AT TIME ZONE c.time_zone)::date, 'YYYY-MM-DD') FROM client r WHERE r.id = $1) AS registered_on,
              cov.last, cov.covered,
              ARRAY(${observedPartsSql('$1', 'd.day')}) AS observed, ${ORDER_IN_FORCE_COLUMNS}
         FROM clinic c
        CROSS JOIN LATERAL (SELECT coalesce($4::date, ($3::timestamptz AT TIME ZONE c.time_zone)::date) AS day) d
        CROSS JOIN LATERAL (SELECT ${coverageOf('d.day')} FROM dosing_visit WHERE client_id = $1 AND clinic_day <= d.day) cov
         LEFT JOIN LATERAL ${orderInForceSql('$1', 'd.day')} o ON TRUE
        WHERE c.id = $2`,
      [clientId, clinicId, now, day],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      timeZone: row.time_zone,
      thresholds: {
        missedDosesAssess: row.missed_doses_assess,
        missedDosesRetitrate: row.missed_doses_retitrate,
        dropoutDays: row.dropout_days,
      },
      day: row.day,
      episodeStart: row.episode_start,
      latestEpisodeStart: row.latest_episode_start,
      registeredOn: row.registered_on,
      lastCovered: row.last,
      covered: row.covered,
      observed: row.observed.map(observedPartOf),
      order: orderInForceOf(row),
    };
  }

  /**
   * What the dispensing window's list shows beside each of these clients on
   * `day`, in one statement: the coverage (read from the last rows of each
   * client's history only, {@link coverageAsOfSql}), today's live observed
   * parts and the order in force ({@link orderInForceSql}), note still sealed.
   */
  async windowDaysOf(clientIds: string[], day: string): Promise<Map<string, WindowDay>> {
    if (clientIds.length === 0) return new Map();
    const rows = await this.prepared.query<Array<WindowDayRow & { client_id: string }>>(
      `SELECT c.id AS client_id, to_char(cov.last, 'YYYY-MM-DD') AS window_last, cov.covered AS window_covered,
              ARRAY(${observedPartsSql('c.id', '$2::date')}) AS window_observed, ${ORDER_IN_FORCE_COLUMNS}
         FROM unnest($1::uuid[]) AS c(id)
        CROSS JOIN LATERAL ${coverageAsOfSql('c.id', '$2::date')} cov
         LEFT JOIN LATERAL ${orderInForceSql('c.id', '$2::date')} o ON TRUE`,
      [clientIds, day],
    );
    return new Map(
      rows.map((row) => [
        row.client_id,
        {
          lastCovered: row.window_last,
          covered: row.window_covered,
          observed: row.window_observed.map((part) => observedPartOf(part).doseMg),
          order: orderInForceOf(row),
        },
      ]),
    );
  }

  /** The id of the client's order in force on `day`, or null. */
  async orderInForceId(clientId: string, day: string): Promise<string | null> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(`SELECT o.id FROM ${orderInForceSql('$1::uuid', '$2::date')} o`, [
      clientId,
      day,
    ]);
    return rows[0]?.id ?? null;
  }

  /** A client's order, locked until the transaction ends (to end or void it), or null. */
  async orderForUpdate(em: EntityManager, clientId: string, id: string): Promise<ListedOrder | null> {
    const rows = await em.query<ListedOrder[]>(`SELECT ${LISTED_ORDER} FROM dose_order WHERE id = $1 AND client_id = $2 FOR UPDATE`, [
      id,
      clientId,
    ]);
    return rows[0] ?? null;
  }

  /** The last clinic day a live dose was given under the order, or null when none was. */
  async lastDoseUnder(em: EntityManager, orderId: string): Promise<string | null> {
    const rows = await em.query<Array<{ day: string | null }>>(
      `SELECT to_char(max(clinic_day), 'YYYY-MM-DD') AS day FROM dosing_visit WHERE order_id = $1 AND voided_at IS NULL`,
      [orderId],
    );
    return rows[0]?.day ?? null;
  }

  /** Ends the order after `endDate` (its last day in force). */
  async endOrder(em: EntityManager, id: string, endDate: string, reason: string, by: string): Promise<ListedOrder> {
    const rows = await em.query<ListedOrder[]>(
      `WITH ended AS (UPDATE dose_order SET end_date = $2, end_reason = $3, ended_by = $4 WHERE id = $1 RETURNING *)
       SELECT ${LISTED_ORDER} FROM ended`,
      [id, endDate, reason, by],
    );
    return rows[0];
  }

  /** Voids the order: it is never in force. */
  async voidOrder(em: EntityManager, id: string, by: string, at: Date, reason: string): Promise<ListedOrder> {
    const rows = await em.query<ListedOrder[]>(
      `WITH voided AS (UPDATE dose_order SET voided_at = $2, voided_by = $3, void_reason = $4 WHERE id = $1 RETURNING *)
       SELECT ${LISTED_ORDER} FROM voided`,
      [id, at, by, reason],
    );
    return rows[0];
  }

  /** The day's live observed parts, in order of part. */
  async observedOn(clientId: string, day: string): Promise<ObservedPart[]> {
    const rows = await this.prepared.query<Array<{ observed: string }>>(observedPartsSql('$1', '$2::date'), [clientId, day]);
    return rows.map((row) => observedPartOf(row.observed));
  }

  /** The clinic's doses recorded for a clinic day (voided ones too), in the order recorded, notes still sealed. */
  visitsOfClinicDay(clinicId: string, day: string): Promise<Array<ShownVisit & { clientId: string }>> {
    return this.dataSource.query<Array<ShownVisit & { clientId: string }>>(
      `SELECT ${SHOWN_VISIT}, client_id AS "clientId" FROM dosing_visit WHERE clinic_id = $1 AND clinic_day = $2::date
        ORDER BY recorded_at, id`,
      [clinicId, day],
    );
  }

  /** A client's dose, locked until the transaction ends (to void it), or null. */
  async visitForUpdate(em: EntityManager, clientId: string, id: string): Promise<ShownVisit | null> {
    const rows = await em.query<ShownVisit[]>(`SELECT ${SHOWN_VISIT} FROM dosing_visit WHERE id = $1 AND client_id = $2 FOR UPDATE`, [
      id,
      clientId,
    ]);
    return rows[0] ?? null;
  }

  /** Voids a live dose: it covers no day from now on. */
  async voidVisit(em: EntityManager, id: string, by: string, at: Date, reason: string): Promise<ShownVisit> {
    const rows = await em.query<ShownVisit[]>(
      `WITH voided AS (UPDATE dosing_visit SET voided_at = $2, voided_by = $3, void_reason = $4 WHERE id = $1 AND voided_at IS NULL RETURNING *)
       SELECT ${SHOWN_VISIT} FROM voided`,
      [id, at, by, reason],
    );
    return rows[0];
  }

  /**
   * Serializes the take-home checks of one client: a transaction-scoped
   * advisory lock on the client's id, held until the transaction ends, so two
   * windows (or replicas) dispensing for one client take turns through the
   * read-check-write. (PGlite has one connection: its transactions take turns anyway.)
   */
  async lockClientDosing(em: EntityManager, clientId: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('dosing:' || $1::text, 0)) IS NULL AS locked`, [clientId]);
  }

  /** A client's live (not voided) doses from `from` to `to`, as the take-home rule reads them. */
  liveDosesBetween(em: EntityManager, clientId: string, from: string, to: string): Promise<DoseCover[]> {
    return em.query<DoseCover[]>(
      `SELECT to_char(clinic_day, 'YYYY-MM-DD') AS "clinicDay", kind, covers_days AS "coversDays" FROM dosing_visit
        WHERE client_id = $1 AND clinic_day BETWEEN $2::date AND $3::date AND voided_at IS NULL`,
      [clientId, from, to],
    );
  }

  /**
   * The insert of a dose (its id made here, as the column's default would),
   * as a statement for the caller to run together with its audit event, and
   * the dose as it will be stored.
   */
  visitInsert(visit: Omit<DosingVisit, 'id' | VisitVoiding>): { statement: SqlStatement; visit: RecordedVisit } {
    const id = randomUUID();
    const statement = {
      sql: `INSERT INTO dosing_visit (id, client_id, clinic_id, clinic_day, dose_mg, kind, part, covers_days, order_id, reason,
                                      assessment_note, recorded_by, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      params: [
        id,
        visit.clientId,
        visit.clinicId,
        visit.clinicDay,
        visit.doseMg,
        visit.kind,
        visit.part,
        visit.coversDays,
        visit.orderId,
        visit.reason,
        visit.assessmentNote,
        visit.recordedBy,
        visit.recordedAt,
      ],
    };
    const { reason: _reason, assessmentNote: _note, ...recorded } = visit;
    return { statement, visit: { id, ...recorded } };
  }

  /**
   * A client's doses from `from` to `to` (either open), in the order given
   * (clinic day, then the time recorded, then id), `limit + 1` of them after
   * `after`.
   */
  visitsOfClientPage(clientId: string, days: { from?: string; to?: string }, limit: number, after?: PairPosition): Promise<ListedVisit[]> {
    const params: unknown[] = [clientId];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const where = ['client_id = $1'];
    if (days.from) where.push(`clinic_day >= ${param(days.from)}::date`);
    if (days.to) where.push(`clinic_day <= ${param(days.to)}::date`);
    if (after) {
      where.push(
        `(clinic_day, recorded_at, id) > (${param(after.first)}::date, ${param(after.second)}::timestamptz, ${param(after.id)}::uuid)`,
      );
    }
    return this.dataSource.query<ListedVisit[]>(
      `SELECT ${SHOWN_VISIT}, ${exactInstantSql('recorded_at')} AS "recordedAtKey"
         FROM dosing_visit WHERE ${where.join(' AND ')}
        ORDER BY clinic_day, recorded_at, id LIMIT ${param(limit + 1)}`,
      params,
    );
  }
}
