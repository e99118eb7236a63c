import { randomUUID } from 'node:crypto';
import { clinicDaySql } from '@tongban/clinics/clinic-day-sql';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ReadAlongside } from '@tongban/clients';
import { exactInstantSql, PairPosition, PreparedStatements, sql, Sql } from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import { coverageAsOfSql } from './coverage-sql';
import { DoseCover, Thresholds } from './dosing-rules';
import { DoseOrder } from './entities/dose-order.entity';
import { DosingVisit } from './entities/dosing-visit.entity';

/** The fields that end or void an order, written after it. */
export type OrderClosing = 'endDate' | 'endReason' | 'endedBy' | 'voidedAt' | 'voidedBy' | 'voidReason';

/** The order in force on a day, as the rules need it. */
export type OrderInForce = Pick<DoseOrder, 'id' | 'doseMg' | 'effectiveDate' | 'splitDose' | 'takeHomeDaysPerWeek' | 'note'>;

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
const ORDER_IN_FORCE_COLUMNS = sql`o.id AS order_id, o.dose_mg AS order_dose_mg, to_char(o.effective_date, 'YYYY-MM-DD') AS order_effective_date,
  o.split_dose AS order_split_dose, o.take_home_days_per_week AS order_take_home_days_per_week, o.note AS order_note`;

interface OrderInForceRow {
  orderId: string | null;
  orderDoseMg: string | null;
  orderEffectiveDate: string | null;
  orderSplitDose: boolean | null;
  orderTakeHomeDaysPerWeek: number | null;
  orderNote: string | null;
}

/** The order in force read with {@link ORDER_IN_FORCE_COLUMNS}, or null when none is. */
function orderInForceOf(row: OrderInForceRow): OrderInForce | null {
  return row.orderId === null
    ? null
    : {
        id: row.orderId,
        doseMg: Number(row.orderDoseMg),
        effectiveDate: row.orderEffectiveDate!,
        splitDose: row.orderSplitDose!,
        takeHomeDaysPerWeek: row.orderTakeHomeDaysPerWeek!,
        note: row.orderNote,
      };
}

/** What the dispensing window's list shows beside a client (see {@link DosingRepository.windowDaysOf}). */
export interface WindowDay {
  /** The last covered day before today, and whether today is covered. */
  lastCovered: string | null;
  covered: boolean;
  /** The last day of the covered run that includes today (take-home days ahead), or null when today is not covered. */
  coveredUntil: string | null;
  /** The doses (mg) of today's live observed parts, in order of part. */
  observed: number[];
  order: OrderInForce | null;
}

interface WindowDayRow extends OrderInForceRow {
  windowLast: string | null;
  windowCoveredUntil: string | null;
  windowCovered: boolean;
  windowObserved: string[];
}

/**
 * What the dispensing window shows beside a client (`id`, an SQL expression)
 * on `today`: the coverage (read from the last rows of the client's history
 * only, {@link coverageAsOfSql}), today's live observed parts and the order
 * in force ({@link orderInForceSql}), note still sealed; as the columns of
 * {@link WindowDayRow} and the joins they read from.
 */
function windowColumns(id: Sql, today: Sql): { columns: Sql; joins: Sql } {
  return {
    columns: sql`to_char(cov.last, 'YYYY-MM-DD') AS window_last, cov.covered AS window_covered,
                 to_char(cov.covered_until, 'YYYY-MM-DD') AS window_covered_until,
                 ARRAY(${observedPartsSql(id, today)}) AS window_observed, ${ORDER_IN_FORCE_COLUMNS}`,
    joins: sql`CROSS JOIN LATERAL ${coverageAsOfSql(id, today)} cov LEFT JOIN LATERAL ${orderInForceSql(id, today)} o ON TRUE`,
  };
}

function windowDayOf(row: WindowDayRow): WindowDay {
  return {
    lastCovered: row.windowLast,
    covered: row.windowCovered,
    coveredUntil: row.windowCoveredUntil,
    observed: row.windowObserved.map((part) => observedPartOf(part).doseMg),
    order: orderInForceOf(row),
  };
}

interface DayContextRow extends OrderInForceRow {
  timeZone: string;
  missedDosesAssess: number;
  missedDosesRetitrate: number;
  dropoutDays: number;
  day: string;
  episodeStart: string | null;
  latestEpisodeStart: string | null;
  registeredOn: string | null;
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
export function orderInForceSql(clientId: Sql, day: Sql): Sql {
  return sql`(SELECT * FROM (SELECT * FROM dose_order
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
function observedPartsSql(clientId: Sql, day: Sql): Sql {
  return sql`SELECT part::text || ':' || dose_mg::text AS observed FROM dosing_visit
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
  | 'dispensingClinicId'
>;

/** A dose of a page of the list, with its recorded time exactly as stored (for the cursor). */
export type ListedVisit = ShownVisit & { recordedAtKey: string };

/** The columns of a {@link ShownVisit}, for the statements that read one. */
const SHOWN_VISIT = sql`id, to_char(clinic_day, 'YYYY-MM-DD') AS clinic_day, dose_mg::float8 AS dose_mg, kind, part, covers_days,
  reason, assessment_note, recorded_by, recorded_at, voided_at, void_reason, dispensing_clinic_id`;

/**
 * A dose of a clinic's day sheet: `guestCode` and `homeClinicCode` are set
 * for a guest's dose (given at the clinic to a client of another), null for
 * the clinic's own clients'.
 */
export type DayVisit = ShownVisit & { clientId: string; homeClinicId: string; guestCode: string | null; homeClinicCode: string | null };

/**
 * The doses (`visit`, a `dosing_visit` alias) a clinic (`clinicId`) gave, whose
 * methadone left its stock: those its window recorded, a guest's included
 * (guest dosing), and not its own clients' given at a host clinic. The one
 * definition of "dispensed by a clinic": the day sheet and the reports'
 * methadone dispensed read it.
 */
export function dispensedAtSql(visit: Sql, clinicId: Sql): Sql {
  return sql`${visit}.dispensing_clinic_id = ${clinicId}`;
}

/**
 * Methadone a clinic dispensed (`clinicId`) on each day from `from` to `to`
 * (SQL expressions) that has any, as rows `day` (text `YYYY-MM-DD`) and `mg`
 * (text): observed doses, and take-home dispenses as their dose times the
 * days they cover (on the day handed over, as the day sheet counts them),
 * voided doses counting nothing; by {@link dispensedAtSql}.
 */
export function dispensedByDaySql(clinicId: Sql, from: Sql, to: Sql): Sql {
  return sql`SELECT to_char(v.clinic_day, 'YYYY-MM-DD') AS day,
                    sum(CASE WHEN v.kind = 'take_home' THEN v.dose_mg * v.covers_days ELSE v.dose_mg END)::text AS mg
               FROM dosing_visit v
              WHERE ${dispensedAtSql(sql`v`, clinicId)} AND v.voided_at IS NULL AND v.clinic_day BETWEEN ${from} AND ${to}
              GROUP BY v.clinic_day`;
}

/** An order of a page of the list, with its creation time exactly as stored (for the cursor). */
export type ListedOrder = Omit<DoseOrder, 'clientId' | 'clinicId' | 'endedBy' | 'voidedBy'> & { createdAtKey: string };

/** The columns of a {@link ListedOrder}, for the statements that read one. */
const LISTED_ORDER = sql`id, dose_mg::float8 AS dose_mg, to_char(effective_date, 'YYYY-MM-DD') AS effective_date, split_dose,
  take_home_days_per_week, note, ordered_by, created_at, to_char(end_date, 'YYYY-MM-DD') AS end_date, end_reason, voided_at, void_reason,
  ${exactInstantSql(sql`created_at`)} AS created_at_key`;

/**
 * Everything the rules need to record a dose or show a client's standing,
 * as one statement about the client `clientId` of the clinic `clinicId` (SQL
 * expressions): the clinic's time zone and thresholds, the day (`day`, or
 * today there at `now`), the open episode's first day, the coverage up to
 * the day (from the last rows of the history only, {@link coverageAsOfSql})
 * and the order in force on it (the latest effective on or before
 * it; of two on the same day, the one written last).
 *
 * The dosing hot path reads the clinic's, the episode's and the client's
 * (its registration) rows here directly, where ClinicsService and
 * ClientsService would take a statement each; it only reads them, and their
 * owners' rules are not involved.
 */
function dayContextSql(client: Sql, clinicId: Sql, now: Date, day: string | null): Sql {
  return sql`SELECT c.time_zone, c.missed_doses_assess, c.missed_doses_retitrate, c.dropout_days,
              to_char(d.day, 'YYYY-MM-DD') AS day,
              (SELECT to_char(e.start_date, 'YYYY-MM-DD') FROM treatment_episode e
                WHERE e.client_id = ${client} AND e.end_date IS NULL) AS episode_start,
              (SELECT to_char(max(e.start_date), 'YYYY-MM-DD') FROM treatment_episode e WHERE e.client_id = ${client}) AS latest_episode_start,
              (SELECT to_char(${clinicDaySql(sql`c`, sql`r.created_at`)}, 'YYYY-MM-DD') FROM client r WHERE r.id = ${client}) AS registered_on,
              to_char(cov.last, 'YYYY-MM-DD') AS last, cov.covered,
              ARRAY(${observedPartsSql(client, sql`d.day`)}) AS observed, ${ORDER_IN_FORCE_COLUMNS}
         FROM clinic c
        CROSS JOIN LATERAL (SELECT coalesce(${day}::date, ${clinicDaySql(sql`c`, sql`${now}`)}) AS day) d
        CROSS JOIN LATERAL ${coverageAsOfSql(client, sql`d.day`)} cov
         LEFT JOIN LATERAL ${orderInForceSql(client, sql`d.day`)} o ON TRUE
        WHERE c.id = ${clinicId}`;
}

function dayContextOf(row: DayContextRow): DayContext {
  return {
    timeZone: row.timeZone,
    thresholds: {
      missedDosesAssess: row.missedDosesAssess,
      missedDosesRetitrate: row.missedDosesRetitrate,
      dropoutDays: row.dropoutDays,
    },
    day: row.day,
    episodeStart: row.episodeStart,
    latestEpisodeStart: row.latestEpisodeStart,
    registeredOn: row.registeredOn,
    lastCovered: row.last,
    covered: row.covered,
    observed: row.observed.map(observedPartOf),
    order: orderInForceOf(row),
  };
}

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
    const where = [sql`client_id = ${clientId}`];
    if (after) where.push(sql`(effective_date, created_at, id) < (${after.first}::date, ${after.second}::timestamptz, ${after.id}::uuid)`);
    return sql`SELECT ${LISTED_ORDER} FROM dose_order WHERE ${sql.join(where, sql` AND `)}
                ORDER BY effective_date DESC, created_at DESC, id DESC LIMIT ${limit + 1}`.rows<ListedOrder>(this.dataSource);
  }

  /**
   * Everything the rules need to record a dose or show a client's standing,
   * in one round trip ({@link dayContextSql}). Null when the clinic does not
   * exist.
   */
  async dayContext(clientId: string, clinicId: string, now: Date, day: string | null): Promise<DayContext | null> {
    const row = await dayContextSql(sql`${clientId}::uuid`, sql`${clinicId}::uuid`, now, day)
      .named('dosing.day_context')
      .maybeOne<DayContextRow>(this.prepared);
    return row ? dayContextOf(row) : null;
  }

  /**
   * The same read as {@link dayContext}, made in the statement that reads the
   * client for the access policy (`ClientsService.requireAccessWith`).
   */
  dayContextAlongside(now: Date, day: string | null): ReadAlongside<DayContext> {
    return {
      name: 'dosing.day_context',
      statement: (clientId, clinicId) => dayContextSql(clientId, clinicId, now, day),
      read: (row) => dayContextOf(row as unknown as DayContextRow),
    };
  }

  /**
   * What the dispensing window shows beside each of these clients on `day`
   * ({@link windowColumns}), in one statement.
   */
  async windowDaysOf(clientIds: string[], day: string): Promise<Map<string, WindowDay>> {
    if (clientIds.length === 0) return new Map();
    const window = windowColumns(sql`c.id`, sql`${day}::date`);
    const rows = await sql`SELECT c.id AS client_id, ${window.columns} FROM unnest(${sql.uuids(clientIds)}) AS c(id) ${window.joins}`
      .named('dosing.window_days')
      .rows<WindowDayRow & { clientId: string }>(this.prepared);
    return new Map(rows.map((row) => [row.clientId, windowDayOf(row)]));
  }

  /**
   * The dispensing window's page in one statement: the clients of `page` (a
   * statement of the clients area, `ClientsService.inTreatmentPage`), each
   * with what the window shows beside them on `day` ({@link windowColumns}),
   * in the page's order. A row's `client` is the row as read, the window's
   * columns still in it (not copied out): read only the page's columns of it.
   * `alongside`, when given, is another area's relation `(client_id, days)`
   * over the page's clients (`SELECT id FROM page` selects their ids), read
   * into `Row` as `alongside` (empty for a client it has no row for).
   */
  async windowPage<Row extends object>(
    page: Sql,
    day: string,
    alongside: Sql | null = null,
  ): Promise<Array<{ client: Row; day: WindowDay }>> {
    const window = windowColumns(sql`page.id`, sql`${day}::date`);
    const rows = await sql`WITH page AS MATERIALIZED (${page})
       SELECT page.*, ${window.columns}${alongside ? sql`, coalesce(alongside.days, '{}') AS alongside` : sql.empty}
         FROM page ${window.joins}
              ${alongside ? sql`LEFT JOIN ${alongside} alongside ON alongside.client_id = page.id` : sql.empty}
        ORDER BY page.code, page.id`
      .named('dosing.window_page')
      .rows<WindowDayRow & Row>(this.prepared);
    return rows.map((row) => ({ client: row, day: windowDayOf(row) }));
  }

  /** The id of the client's order in force on `day`, or null. */
  async orderInForceId(clientId: string, day: string): Promise<string | null> {
    const row = await sql`SELECT o.id FROM ${orderInForceSql(sql`${clientId}::uuid`, sql`${day}::date`)} o`.maybeOne<{ id: string }>(
      this.dataSource,
    );
    return row?.id ?? null;
  }

  /** Writes the order in force for `fromId` on `day` for `toId` of `toClinicId`, effective `day` (a transfer); the count written. */
  carryOrder(em: EntityManager, fromId: string, toId: string, toClinicId: string, day: string): Promise<number> {
    return sql`INSERT INTO dose_order (client_id, clinic_id, dose_mg, effective_date, split_dose, take_home_days_per_week, note, ordered_by, created_at)
               SELECT ${toId}::uuid, ${toClinicId}::uuid, o.dose_mg, ${day}::date, o.split_dose, o.take_home_days_per_week, o.note, o.ordered_by, o.created_at
                 FROM ${orderInForceSql(sql`${fromId}::uuid`, sql`${day}::date`)} o`.execute(em);
  }

  /** A client's order, locked until the transaction ends (to end or void it), or null. */
  async orderForUpdate(em: EntityManager, clientId: string, id: string): Promise<ListedOrder | null> {
    return sql`SELECT ${LISTED_ORDER} FROM dose_order WHERE id = ${id} AND client_id = ${clientId} FOR UPDATE`.maybeOne<ListedOrder>(em);
  }

  /** The last clinic day a live dose was given under the order, or null when none was. */
  async lastDoseUnder(em: EntityManager, orderId: string): Promise<string | null> {
    const row = await sql`SELECT to_char(max(clinic_day), 'YYYY-MM-DD') AS day FROM dosing_visit
                           WHERE order_id = ${orderId} AND voided_at IS NULL`.maybeOne<{ day: string | null }>(em);
    return row?.day ?? null;
  }

  /** Ends the order after `endDate` (its last day in force). */
  async endOrder(em: EntityManager, id: string, endDate: string, reason: string, by: string): Promise<ListedOrder> {
    return sql`WITH ended AS (UPDATE dose_order SET end_date = ${endDate}, end_reason = ${reason}, ended_by = ${by} WHERE id = ${id} RETURNING *)
               SELECT ${LISTED_ORDER} FROM ended`.one<ListedOrder>(em);
  }

  /** Voids the order: it is never in force. */
  async voidOrder(em: EntityManager, id: string, by: string, at: Date, reason: string): Promise<ListedOrder> {
    return sql`WITH voided AS (UPDATE dose_order SET voided_at = ${at}, voided_by = ${by}, void_reason = ${reason} WHERE id = ${id} RETURNING *)
               SELECT ${LISTED_ORDER} FROM voided`.one<ListedOrder>(em);
  }

  /** The day's live observed parts, in order of part. */
  async observedOn(clientId: string, day: string): Promise<ObservedPart[]> {
    const rows = await observedPartsSql(sql`${clientId}::uuid`, sql`${day}::date`)
      .named('dosing.observed_parts')
      .rows<{ observed: string }>(this.prepared);
    return rows.map((row) => observedPartOf(row.observed));
  }

  /**
   * The doses a clinic gave on a clinic day (voided ones too), in the order
   * recorded, notes still sealed ({@link dispensedAtSql}): its clients' doses
   * given at its window, and the guests' it gave, each of these with the
   * guest's code and home clinic's code (nothing more of a guest).
   */
  visitsOfClinicDay(clinicId: string, day: string): Promise<DayVisit[]> {
    return sql`SELECT v.*, CASE WHEN v.home_clinic_id <> v.dispensing_clinic_id THEN c.code END AS guest_code,
                      CASE WHEN v.home_clinic_id <> v.dispensing_clinic_id THEN k.code END AS home_clinic_code
                 FROM (SELECT ${SHOWN_VISIT}, client_id, clinic_id AS home_clinic_id FROM dosing_visit
                        WHERE ${dispensedAtSql(sql`dosing_visit`, sql`${clinicId}::uuid`)} AND clinic_day = ${day}::date) v
                 JOIN client c ON c.id = v.client_id JOIN clinic k ON k.id = v.home_clinic_id
                ORDER BY v.recorded_at, v.id`.rows<DayVisit>(this.dataSource);
  }

  /** A client's dose, locked until the transaction ends (to void it), or null. */
  async visitForUpdate(em: EntityManager, clientId: string, id: string): Promise<ShownVisit | null> {
    return sql`SELECT ${SHOWN_VISIT} FROM dosing_visit WHERE id = ${id} AND client_id = ${clientId} FOR UPDATE`.maybeOne<ShownVisit>(em);
  }

  /** Voids a live dose: it covers no day from now on. */
  async voidVisit(em: EntityManager, id: string, by: string, at: Date, reason: string): Promise<ShownVisit> {
    return sql`WITH voided AS (UPDATE dosing_visit SET voided_at = ${at}, voided_by = ${by}, void_reason = ${reason}
                                WHERE id = ${id} AND voided_at IS NULL RETURNING *)
               SELECT ${SHOWN_VISIT} FROM voided`.one<ShownVisit>(em);
  }

  /**
   * Serializes the take-home checks of one client: a transaction-scoped
   * advisory lock on the client's id, held until the transaction ends, so two
   * windows (or replicas) dispensing for one client take turns through the
   * read-check-write. (PGlite has one connection: its transactions take turns anyway.)
   */
  async lockClientDosing(em: EntityManager, clientId: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended('dosing:' || ${clientId}::text, 0)) IS NULL AS locked`.execute(em);
  }

  /** A client's live (not voided) doses from `from` to `to`, as the take-home rule reads them. */
  liveDosesBetween(em: EntityManager, clientId: string, from: string, to: string): Promise<DoseCover[]> {
    return sql`SELECT to_char(clinic_day, 'YYYY-MM-DD') AS clinic_day, kind, covers_days FROM dosing_visit
                WHERE client_id = ${clientId} AND clinic_day BETWEEN ${from}::date AND ${to}::date AND voided_at IS NULL`.rows<DoseCover>(
      em,
    );
  }

  /**
   * The insert of a dose (its id made here, as the column's default would),
   * as a statement for the caller to run together with its audit event, and
   * the dose as it will be stored.
   */
  visitInsert(visit: Omit<DosingVisit, 'id' | VisitVoiding>): { statement: Sql; visit: RecordedVisit } {
    const id = randomUUID();
    const statement = sql`INSERT INTO dosing_visit (id, client_id, clinic_id, dispensing_clinic_id, clinic_day, dose_mg, kind, part, covers_days,
                                                    order_id, reason, assessment_note, recorded_by, recorded_at)
                          VALUES (${id}, ${visit.clientId}, ${visit.clinicId}, ${visit.dispensingClinicId}, ${visit.clinicDay}, ${visit.doseMg}, ${visit.kind}, ${visit.part},
                                  ${visit.coversDays}, ${visit.orderId}, ${visit.reason}, ${visit.assessmentNote}, ${visit.recordedBy},
                                  ${visit.recordedAt})
                          RETURNING id`;
    const { reason: _reason, assessmentNote: _note, ...recorded } = visit;
    return { statement, visit: { id, ...recorded } };
  }

  /**
   * A client's doses from `from` to `to` (either open), in the order given
   * (clinic day, then the time recorded, then id), `limit + 1` of them after
   * `after`.
   */
  visitsOfClientPage(clientId: string, days: { from?: string; to?: string }, limit: number, after?: PairPosition): Promise<ListedVisit[]> {
    const where = [sql`client_id = ${clientId}`];
    if (days.from) where.push(sql`clinic_day >= ${days.from}::date`);
    if (days.to) where.push(sql`clinic_day <= ${days.to}::date`);
    if (after) where.push(sql`(clinic_day, recorded_at, id) > (${after.first}::date, ${after.second}::timestamptz, ${after.id}::uuid)`);
    return sql`SELECT ${SHOWN_VISIT}, ${exactInstantSql(sql`recorded_at`)} AS recorded_at_key
                 FROM dosing_visit WHERE ${sql.join(where, sql` AND `)}
                ORDER BY clinic_day, recorded_at, id LIMIT ${limit + 1}`.rows<ListedVisit>(this.dataSource);
  }
}
