import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessPurpose, ClientAccess, ClientDataKind, ClientInTreatment, ClientsService, Dropouts, InTreatmentRow } from '@tongban/clients';
import { ClinicDto, ClinicsService } from '@tongban/clinics';
import { DrugTestsService } from '@tongban/drug-tests';
import { StaffService } from '@tongban/staff';
import {
  actorOf,
  addDays,
  AuditService,
  calendarDate,
  Caller,
  Clock,
  decodeCursor,
  decodePairCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  FieldCipher,
  KeyRotation,
  PageQueryDto,
  pairKey,
  PreparedStatements,
  PlatformException,
  Role,
  sql,
  statementsSent,
  toPage,
  clientAuditEntry,
} from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import { DosingErrorCode, DosingException } from './dosing.exception';
import { DayContext, DosingRepository, ListedOrder, OrderInForce, RecordedVisit, ShownVisit, WindowDay } from './dosing.repository';
import { consecutiveMissedDays, coveredUntil, DoseGate, doseGate, DosingFlag, flagFor, Thresholds, todayAmounts } from './dosing-rules';
import {
  ActiveOrderDto,
  CreateDoseOrderDto,
  DoseOrderDto,
  DoseOrderPageDto,
  EndDoseOrderDto,
  OrderStatus,
  VoidDoseOrderDto,
} from './dto/dose-order.dto';
import {
  DoseDto,
  DoseListItemDto,
  DosePageDto,
  DosingStatusDto,
  DosingTodayDto,
  DosingTodayItemDto,
  DosingTodayQueryDto,
  ListDosesQueryDto,
  VoidDoseDto,
} from './dto/dose.dto';

/** The fields of a dose the answer to recording it shows. */
type DoseRecorded = Pick<RecordedVisit, 'id' | 'clinicDay' | 'doseMg' | 'kind' | 'coversDays' | 'recordedBy' | 'recordedAt'>;

/** The fields of an order its answer shows. */
type OrderShown = Omit<ListedOrder, 'createdAtKey'>;

export function activeOrderDto(
  order: OrderInForce | null | undefined,
  open: (sealed: string | null) => string | null,
): ActiveOrderDto | null {
  if (!order) return null;
  const { id, doseMg, effectiveDate, splitDose, takeHomeDaysPerWeek } = order;
  return { id, doseMg, effectiveDate, splitDose, takeHomeDaysPerWeek, note: open(order.note) };
}

export function doseDto(visit: DoseRecorded): DoseDto {
  return {
    id: visit.id,
    clinicDay: visit.clinicDay,
    doseMg: visit.doseMg,
    kind: visit.kind,
    coversDays: visit.coversDays,
    recordedBy: visit.recordedBy,
    recordedAt: visit.recordedAt.toISOString(),
  };
}

/**
 * The clinic that gives a dose recorded under this access, whose stock the
 * methadone leaves and whose day sheet lists it: a guest's host clinic when
 * its window records the dose (guest dosing), else the client's own.
 */
export function dispensingClinicOf(access: ClientAccess): string {
  return access.decision.hostClinicId ?? access.client.clinicId;
}

/** A client's day as the rules see it: {@link DayContext} with today in the clinic's time zone. */
export interface DosingDay extends DayContext {
  today: string;
}

/** Where a client stands on a clinic day: computed from the records at read time. */
export interface DosingPosition {
  timeZone: string;
  thresholds: Thresholds;
  clinicDay: string;
  episodeStart: string;
  lastCovered: string | null;
  missed: number;
  flag: DosingFlag;
  /** What the streak of missed days asks before a dose under the order in force ({@link doseGate}). */
  gate: DoseGate;
}

/** Dose orders, the dosing record, and each client's standing (missed days, flags, drop-out). */
@Injectable()
export class DosingService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dosing: DosingRepository,
    private readonly clients: ClientsService,
    private readonly dropouts: Dropouts,
    private readonly clinics: ClinicsService,
    private readonly staff: StaffService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly keyRotation: KeyRotation,
    private readonly prepared: PreparedStatements,
    private readonly drugTests: DrugTestsService,
  ) {}

  onModuleInit(): void {
    this.keyRotation.register({ table: 'dose_order', columns: ['note'] });
    this.keyRotation.register({ table: 'dosing_visit', columns: ['reason', 'assessment_note'] });
  }

  /** Opens a sealed note (for presenters). */
  private readonly open = (sealed: string | null): string | null => this.cipher.openOptional(sealed);

  async createOrder(caller: Caller, clientId: string, dto: CreateDoseOrderDto): Promise<DoseOrderDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'dosing');
    if (access.client.status !== 'active') throw new DosingException(DosingErrorCode.CLIENT_NOT_ACTIVE, 'The client is not in treatment.');
    const order = await this.dataSource.transaction(async (em) => {
      const saved = await this.dosing.insertOrder(em, {
        clientId,
        clinicId: access.client.clinicId,
        doseMg: dto.doseMg,
        effectiveDate: dto.effectiveDate,
        splitDose: dto.splitDose ?? false,
        takeHomeDaysPerWeek: dto.takeHomeDaysPerWeek ?? 0,
        note: this.cipher.sealOptional(dto.note),
        orderedBy: caller.staffId,
        createdAt: this.clock.now(),
      });
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'dose_order.create', { doseMg: dto.doseMg, effectiveDate: dto.effectiveDate }),
        targetType: 'dose_order',
        targetId: saved.id,
      });
      return saved;
    });
    return (await this.orderDtos(access, [{ ...order, endDate: null, endReason: null, voidedAt: null, voidReason: null }]))[0];
  }

  /**
   * Ends an order early (a physician): `date` is its last day in force, on
   * or after its effective date and the last dose given under it. From the
   * day after, no order is in force until a new one is written.
   */
  async endOrder(caller: Caller, clientId: string, orderId: string, dto: EndDoseOrderDto): Promise<DoseOrderDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'dosing');
    const ended = await this.dataSource.transaction(async (em) => {
      const order = await this.closableOrder(em, clientId, orderId);
      if (dto.date < order.effectiveDate) {
        throw PlatformException.validation([
          { field: 'date', message: `date must not be before the order takes effect (${order.effectiveDate})` },
        ]);
      }
      const lastDose = await this.dosing.lastDoseUnder(em, order.id);
      if (lastDose && dto.date < lastDose) {
        throw new DosingException(
          DosingErrorCode.ORDER_IN_USE,
          `A dose was given under this order on ${lastDose}: end it on or after that day.`,
        );
      }
      const saved = await this.dosing.endOrder(em, order.id, dto.date, this.cipher.seal(dto.reason), caller.staffId);
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'dose_order.end', { endDate: dto.date }),
        targetType: 'dose_order',
        targetId: order.id,
      });
      return saved;
    });
    return (await this.orderDtos(access, [ended]))[0];
  }

  /** Voids an order written in error (a physician), while no live dose was given under it (422 ORDER_IN_USE otherwise). */
  async voidOrder(caller: Caller, clientId: string, orderId: string, dto: VoidDoseOrderDto): Promise<DoseOrderDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'dosing');
    const voided = await this.dataSource.transaction(async (em) => {
      const order = await this.closableOrder(em, clientId, orderId, true);
      const lastDose = await this.dosing.lastDoseUnder(em, order.id);
      if (lastDose) {
        throw new DosingException(
          DosingErrorCode.ORDER_IN_USE,
          'A dose was given under this order: void the dose first, or end the order.',
        );
      }
      const saved = await this.dosing.voidOrder(em, order.id, caller.staffId, this.clock.now(), this.cipher.seal(dto.reason));
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'dose_order.void'),
        targetType: 'dose_order',
        targetId: order.id,
      });
      return saved;
    });
    return (await this.orderDtos(access, [voided]))[0];
  }

  /** The order, locked; 404 when it is not the client's, 409 when voided (or, unless `endedToo`, ended) already. */
  private async closableOrder(em: EntityManager, clientId: string, orderId: string, endedToo = false): Promise<ListedOrder> {
    const order = await this.dosing.orderForUpdate(em, clientId, orderId);
    if (!order) throw PlatformException.notFound('No such dose order.');
    if (order.voidedAt) throw new DosingException(DosingErrorCode.ORDER_ALREADY_CLOSED, 'This order is voided already.');
    if (order.endDate && !endedToo)
      throw new DosingException(DosingErrorCode.ORDER_ALREADY_CLOSED, `This order was ended (last day ${order.endDate}).`);
    return order;
  }

  async listOrders(caller: Caller, clientId: string, query: PageQueryDto): Promise<DoseOrderPageDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'dosing');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.dosing.ordersOfClientPage(clientId, limit, decodePairCursor(query.cursor, 'date', 'exactInstant'));
    const page = toPage(
      rows,
      limit,
      (order) => ({ key: pairKey(order.effectiveDate, order.createdAtKey), id: order.id }),
      (order) => order,
    );
    await this.clients.recordRead(caller, access, 'dose_order.list');
    return { items: await this.orderDtos(access, page.items), nextCursor: page.nextCursor };
  }

  async listDoses(caller: Caller, clientId: string, query: ListDosesQueryDto): Promise<DosePageDto> {
    if (query.from && query.to && query.from > query.to) {
      throw PlatformException.validation([{ field: 'to', message: 'to must not be before from' }]);
    }
    const access = await this.clients.requireAccess(caller, clientId, 'dosing');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodePairCursor(query.cursor, 'date', 'exactInstant');
    const rows = await this.dosing.visitsOfClientPage(clientId, { from: query.from, to: query.to }, limit, after);
    const names = await this.staff.displayNames(rows.flatMap((visit) => (visit.recordedBy ? [visit.recordedBy] : [])));
    const page = toPage(
      rows,
      limit,
      (visit) => ({ key: pairKey(visit.clinicDay, visit.recordedAtKey), id: visit.id }),
      (visit) => doseListItem(this.cipher, visit, names),
    );
    await this.clients.recordRead(caller, access, 'dose.list');
    return page;
  }

  /**
   * Voids a dose recorded in error: by the nurse who recorded it, on the
   * clinic day she recorded it (the day of the clinic that gave it); later,
   * or for another's dose, by a physician or the coordinator (403 for anyone
   * else). A voided dose covers no day.
   *
   * Through the access policy's window rule, a host clinic's nurse or
   * physician reaches a guest's dose while the arrangement covers the host's
   * today, and only a dose given at their clinic (404 for any other, as for
   * a hidden one): the nurse her own of the day, the physician any given
   * there. The host's coordinator never sees a guest (404); the home clinic's
   * physicians and coordinator keep their right to every dose of the client.
   * The event goes into the chains of both the client's clinic and the
   * clinic that gave the dose.
   */
  async voidDose(caller: Caller, clientId: string, doseId: string, dto: VoidDoseDto): Promise<DoseListItemDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'window', 'clinical_act');
    const host = access.decision.hostClinicId;
    // A nurse's own dose was given at her clinic's window: its clinic day is her clinic's.
    const nurseClinic = caller.role === Role.Nurse && caller.clinicId ? await this.clinics.callersClinic(caller) : null;
    const voided = await this.dataSource.transaction(async (em) => {
      const visit = await this.dosing.visitForUpdate(em, clientId, doseId);
      if (!visit || (host && visit.dispensingClinicId !== host)) throw PlatformException.notFound('No such dose.');
      if (caller.role === Role.Nurse) {
        const ownToday =
          nurseClinic !== null &&
          visit.recordedBy === caller.staffId &&
          visit.dispensingClinicId === nurseClinic.id &&
          calendarDate(visit.recordedAt, nurseClinic.timeZone) === this.clock.today(nurseClinic.timeZone);
        if (!ownToday) {
          throw PlatformException.forbidden('A nurse may void only a dose she recorded, on the clinic day she recorded it.');
        }
      }
      if (visit.voidedAt) throw new DosingException(DosingErrorCode.DOSE_ALREADY_VOIDED, 'This dose is voided already.');
      const updated = await this.dosing.voidVisit(em, visit.id, caller.staffId, this.clock.now(), this.cipher.seal(dto.reason));
      const entry = clientAuditEntry(access, 'dose.void', { kind: visit.kind, clinicDay: visit.clinicDay, doseMg: visit.doseMg });
      await this.audit.record(em, actorOf(caller), {
        ...entry,
        targetType: 'dosing_visit',
        targetId: visit.id,
        // A guest's dose: the clinic that gave it records the void too, whoever voids it.
        alsoClinicId: entry.alsoClinicId ?? (visit.dispensingClinicId !== access.client.clinicId ? visit.dispensingClinicId : null),
      });
      return updated;
    });
    this.dropouts.dropoutsMayBeDue(access.client.clinicId);
    const names = await this.staff.displayNames(voided.recordedBy ? [voided.recordedBy] : []);
    return doseListItem(this.cipher, voided, names);
  }

  /**
   * The caller's access to a client (`ClientsService.requireAccess`, the
   * same 404 for hidden and missing) and the client's {@link day}, read in
   * the one statement that reads the client for the access policy.
   */
  async accessAndDay(
    caller: Caller,
    clientId: string,
    kind: ClientDataKind,
    purpose: AccessPurpose,
    requested?: string,
  ): Promise<{ access: ClientAccess; day: DosingDay }> {
    const now = this.clock.now();
    const { access, row } = await this.clients.requireAccessWith(
      caller,
      clientId,
      kind,
      purpose,
      this.dosing.dayContextAlongside(now, requested ?? null),
    );
    return { access, day: await this.dayAt(access, now, requested, row) };
  }

  /**
   * The client's day: `requested`, or today in the clinic's time zone, with
   * the clinic's thresholds, the open episode, the coverage and the order in
   * force, read in one statement. Today is the clock's (as everywhere else);
   * PostgreSQL works out the default day from the same instant, and should its
   * time zone data ever disagree, the day is read again for the clock's today.
   */
  async day(access: ClientAccess, requested?: string): Promise<DosingDay> {
    return this.dayAt(access, this.clock.now(), requested, null);
  }

  /** {@link day} at `now`; `first`, when given, is its first read, made already (see {@link accessAndDay}). */
  private async dayAt(access: ClientAccess, now: Date, requested: string | undefined, first: DayContext | null): Promise<DosingDay> {
    const read = async (day: string | null): Promise<DayContext> => {
      const context = await this.dosing.dayContext(access.client.id, access.client.clinicId, now, day);
      if (!context) throw PlatformException.notFound('No such clinic.');
      return context;
    };
    let context = first ?? (await read(requested ?? null));
    const today = calendarDate(now, context.timeZone);
    if (requested === undefined && context.day !== today) context = await read(today);
    return { ...context, today };
  }

  async status(caller: Caller, clientId: string): Promise<DosingStatusDto> {
    const { access, day } = await this.accessAndDay(caller, clientId, 'window', 'read');
    const position = this.position(access, day);
    await this.clients.recordRead(caller, access, 'dosing.status');
    const lastCovered = position ? position.lastCovered : lastCoveredOf(day);
    // Out of treatment, the days still count from the last covered day (or the latest episode's start).
    const missed = position?.missed ?? consecutiveMissedDays(lastCovered, day.latestEpisodeStart ?? day.day, day.day, day.registeredOn);
    const inTreatment = position !== null && position.flag !== 'dropped_out';
    const order = inTreatment ? day.order : null;
    const doses = await this.dosing.liveDosesBetween(this.dataSource.manager, clientId, addDays(day.day, -6), addDays(day.day, 6));
    const coveredByTakeHome = day.covered && day.observed.length === 0;
    return {
      clinicDay: day.day,
      lastDoseDay: lastCovered,
      consecutiveMissedDays: missed,
      flag: position?.flag ?? 'dropped_out',
      activeOrder: activeOrderDto(order, this.open),
      orderSuspended: inTreatment && order !== null && position.gate.orderSuspended,
      assessmentRequired: inTreatment && position.gate.assessmentRequired,
      ...todayAmounts(
        order,
        day.observed.map((part) => part.doseMg),
        coveredByTakeHome,
      ),
      coveredUntil: coveredUntil(doses, day.day),
      // A guest's tests are the home clinic's to arrange: the host's window is not told.
      drugTestDue:
        inTreatment && !access.decision.hostClinicId && day.latestEpisodeStart !== null
          ? (
              await this.drugTests.dueAmong(
                await this.clinics.requireClinic(access.client.clinicId),
                [{ id: clientId, episodeStart: day.latestEpisodeStart }],
                day.day,
              )
            ).has(clientId)
          : false,
      guest: access.decision.hostClinicId ? { homeClinicCode: (await this.clinics.requireClinic(access.client.clinicId)).code } : null,
    };
  }

  /**
   * Where the client stands on `day.day`, or null when not in treatment.
   * Writes nothing: `requireAccess` settled a drop-out due today before the
   * access was granted (with `dropoutEndSql`, the same rule in SQL), so
   * `dropped_out` here is only seen on a day before today that lies past
   * the threshold, which no dose may be recorded for.
   */
  position(access: ClientAccess, day: DosingDay): DosingPosition | null {
    const episodeStart = access.client.status === 'active' ? day.episodeStart : null;
    if (!episodeStart) return null;
    const lastCovered = lastCoveredOf(day);
    const missed = consecutiveMissedDays(lastCovered, episodeStart, day.day, day.registeredOn);
    const flag = flagFor(missed, day.thresholds);
    const gate = doseGate(flag, day.order?.effectiveDate ?? null, lastCovered, episodeStart, day.registeredOn, day.thresholds);
    return { timeZone: day.timeZone, thresholds: day.thresholds, clinicDay: day.day, episodeStart, lastCovered, missed, flag, gate };
  }

  /**
   * The dispensing window's list: the clinic's clients in treatment, by code,
   * with their standing today. Listing them settles the clinic's due
   * drop-outs first (ClientsService.inTreatmentPage), so none is listed. One
   * statement after the clinic's reads the page and what dosing shows of each
   * ({@link DosingRepository.windowPage}); then the read's audit event, on
   * the disk before the answer as every event is.
   */
  async today(caller: Caller, query: DosingTodayQueryDto): Promise<DosingTodayDto> {
    if (!caller.clinicId) throw PlatformException.forbidden();
    const clinic = await this.clinics.callersClinic(caller);
    const today = this.clock.today(clinic.timeZone);
    const limit = query.limit ?? 50;
    const page = await this.clients.inTreatmentPage(caller, clinic, limit, decodeCursor(query.cursor), query.q);
    // The month's drug-test days of each client come with the page (the clinic's own clients due a test today are
    // worked out from them below).
    const rows = await this.dosing.windowPage<InTreatmentRow & { alongside?: string[] }>(
      page.statement,
      today,
      this.drugTests.testDaysRelation(clinic, sql`SELECT id FROM page`, today),
    );
    const shown = rows.length > limit ? rows.slice(0, limit) : rows;
    // The ids the read's events name and the clinics the answer needs, in one pass over the rows.
    const ownIds: string[] = [];
    const own: Array<{ id: string; episodeStart: string; testDays: string[] }> = [];
    const otherClinicIds: string[] = [];
    for (const { client } of shown) {
      if (client.homeClinicId === null) {
        ownIds.push(client.id);
        own.push({ id: client.id, episodeStart: client.episodeStart, testDays: client.alongside ?? [] });
      } else otherClinicIds.push(client.homeClinicId);
      if (client.away) otherClinicIds.push(client.away.hostClinicId);
    }
    // The read is audited while the answer is made, and the answer waits on its events (none leaves before they are
    // stored). Its items need the clinics guests come from (their rules) and the clinics away clients are dosed at
    // (their codes), and the clinic's own clients due a drug test today (a guest's tests are the home clinic's to
    // arrange); they are made once the events' statements are on their way, so that PostgreSQL stores the events
    // while the items are made.
    const [, , items] = await Promise.all([
      // One event for the read, naming every client it shows (the access log of each finds it); none when it shows none.
      this.audit.recordList(this.prepared, actorOf(caller), {
        action: 'dosing.today',
        clinicId: clinic.id,
        clientIds: ownIds,
        grounds: 'role',
        details: { searched: query.q !== undefined },
      }),
      this.recordGuestsShown(caller, clinic.id, shown, query.q !== undefined),
      (async (): Promise<DosingTodayItemDto[]> => {
        const [others, testsDue] = await Promise.all([
          this.clinics.requireClinics(otherClinicIds),
          this.drugTests.dueWith(clinic, own, today),
        ]);
        // The items are the same either way; only whether they are made while the events are stored depends on it.
        await statementsSent();
        // The answer's items in one pass over the rows: each opened (names decrypted) and shown as it stands today.
        const made = new Array<DosingTodayItemDto>(shown.length);
        for (let index = 0; index < shown.length; index++) {
          const { client, day } = shown[index];
          made[index] = this.todayItem(page.open(client), day, clinic, today, others, testsDue.has(client.id));
        }
        return made;
      })(),
    ]);
    return {
      clinicDay: today,
      items,
      nextCursor: rows.length > limit ? encodeCursor({ key: items[items.length - 1].code, id: items[items.length - 1].clientId }) : null,
    };
  }

  /**
   * The guests of the day a host's window showed (guest dosing): one event
   * per home clinic naming its guests, in the home clinic's chain and the
   * host's, on the grounds of the arrangement.
   */
  private async recordGuestsShown(
    caller: Caller,
    hostClinicId: string,
    shown: Array<{ client: InTreatmentRow }>,
    searched: boolean,
  ): Promise<void> {
    const byHome = new Map<string, string[]>();
    for (const { client } of shown) {
      if (client.homeClinicId) byHome.set(client.homeClinicId, [...(byHome.get(client.homeClinicId) ?? []), client.id]);
    }
    if (byHome.size === 0) return;
    await this.dataSource.transaction(async (em) => {
      for (const [homeClinicId, clientIds] of byHome) {
        for (const clinicId of [homeClinicId, hostClinicId]) {
          await this.audit.recordList(em, actorOf(caller), {
            action: 'dosing.today',
            clinicId,
            clientIds,
            grounds: 'guest_dosing',
            details: { searched, guestsOf: homeClinicId, host: hostClinicId },
          });
        }
      }
    });
  }

  /**
   * A client of the window's list as it stands today (`day`: what {@link DosingRepository.windowDaysOf} read of them).
   * A guest's flags follow their home clinic's thresholds, as the dose itself is checked (`others`: the home clinics
   * of guests and the clinics away clients are dosed at, by id).
   */
  private todayItem(
    client: ClientInTreatment,
    day: WindowDay,
    clinic: ClinicDto,
    today: string,
    others: Map<string, ClinicDto>,
    drugTestDue: boolean,
  ): DosingTodayItemDto {
    const { settings } = (client.homeClinicId ? others.get(client.homeClinicId) : undefined) ?? clinic;
    const dosed = day?.covered ?? false;
    const given = day?.observed ?? [];
    const order = day?.order ?? null;
    const lastCovered = dosed ? today : (day?.lastCovered ?? null);
    const missed = consecutiveMissedDays(lastCovered, client.episodeStart, today, client.registeredOn);
    const flag = flagFor(missed, settings);
    const gate = doseGate(flag, order?.effectiveDate ?? null, lastCovered, client.episodeStart, client.registeredOn, settings);
    const amounts = todayAmounts(order, given, dosed && given.length === 0);
    return {
      clientId: client.id,
      code: client.code,
      preferredName: client.preferredName,
      givenName: client.givenName,
      familyName: client.familyName,
      dateOfBirth: client.dateOfBirth,
      hasPhoto: client.hasPhoto,
      flag,
      consecutiveMissedDays: missed,
      activeOrder: activeOrderDto(order, this.open),
      orderSuspended: order !== null && gate.orderSuspended,
      assessmentRequired: gate.assessmentRequired,
      givenTodayMg: amounts.givenTodayMg,
      remainingTodayMg: amounts.remainingTodayMg,
      dosed,
      coveredUntil: day.coveredUntil,
      drugTestDue,
      guest: client.homeClinicCode ? { homeClinicCode: client.homeClinicCode } : null,
      guestAt: client.away ? { clinicCode: others.get(client.away.hostClinicId)?.code ?? '', until: client.away.until } : null,
    };
  }

  /** Orders as their answers show them: status as of today in the clinic, and who wrote each. */
  private async orderDtos(access: ClientAccess, orders: OrderShown[]): Promise<DoseOrderDto[]> {
    const clinic = await this.clinics.requireClinic(access.client.clinicId);
    const today = this.clock.today(clinic.timeZone);
    const [inForce, names] = await Promise.all([
      this.dosing.orderInForceId(access.client.id, today),
      this.staff.displayNames(orders.map((order) => order.orderedBy)),
    ]);
    return orders.map((order) => ({
      id: order.id,
      doseMg: order.doseMg,
      effectiveDate: order.effectiveDate,
      splitDose: order.splitDose,
      takeHomeDaysPerWeek: order.takeHomeDaysPerWeek,
      note: this.cipher.openOptional(order.note),
      status: orderStatus(order, today, inForce),
      orderedBy: order.orderedBy,
      writtenBy: { id: order.orderedBy, displayName: names.get(order.orderedBy) ?? null },
      createdAt: order.createdAt.toISOString(),
      endDate: order.endDate,
      endReason: this.cipher.openOptional(order.endReason),
      voidReason: this.cipher.openOptional(order.voidReason),
    }));
  }
}

/** An order's status as of `today`, given the id of the order in force then. */
function orderStatus(order: OrderShown, today: string, inForceId: string | null): OrderStatus {
  if (order.voidedAt) return 'voided';
  if (order.effectiveDate > today) return 'scheduled';
  if (order.id === inForceId) return 'active';
  if (order.endDate && order.endDate < today) return 'ended';
  return 'superseded';
}

/** The last covered day up to the day: the day itself once covered (a dose on the day ends a streak of missed days). */
function lastCoveredOf(day: DayContext): string | null {
  return day.covered ? day.day : day.lastCovered;
}

/** A dose as the lists show it: reason and note opened, who recorded it by name (`names`: display names by staff id). */
export function doseListItem(cipher: FieldCipher, visit: ShownVisit, names: Map<string, string>): DoseListItemDto {
  return {
    id: visit.id,
    clinicDay: visit.clinicDay,
    doseMg: visit.doseMg,
    kind: visit.kind,
    part: visit.part,
    coversDays: visit.coversDays,
    reason: cipher.openOptional(visit.reason),
    assessmentNote: cipher.openOptional(visit.assessmentNote),
    recordedBy: visit.recordedBy ? { id: visit.recordedBy, displayName: names.get(visit.recordedBy) ?? null } : null,
    recordedAt: visit.recordedAt.toISOString(),
    voided: visit.voidedAt !== null,
    voidReason: cipher.openOptional(visit.voidReason),
  };
}
