import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientAccess, ClientsService } from '@tongban/clients';
import { ClinicsService } from '@tongban/clinics';
import {
  actorOf,
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
  PlatformException,
  toPage,
} from '@tongban/platform';
import { DataSource } from 'typeorm';
import { dropoutEndSql } from './coverage-sql';
import { DosingErrorCode, DosingException } from './dosing.exception';
import { DayContext, DosingRepository, ListedVisit, OrderInForce } from './dosing.repository';
import { consecutiveMissedDays, DosingFlag, flagFor, Thresholds } from './dosing-rules';
import { ActiveOrderDto, CreateDoseOrderDto, DoseOrderDto, DoseOrderPageDto } from './dto/dose-order.dto';
import { DoseDto, DosePageDto, DosingStatusDto, DosingTodayDto, ListDosesQueryDto } from './dto/dose.dto';
import { DoseOrder } from './entities/dose-order.entity';

/** The fields of a dose its answer shows: a dose just recorded, or one of a page of the list. */
type DoseShown = Omit<ListedVisit, 'recordedAtKey'>;

/** The fields of an order its answer shows. */
type OrderShown = Omit<DoseOrder, 'clientId' | 'clinicId'>;

export function activeOrderDto(order: OrderInForce | null | undefined): ActiveOrderDto | null {
  if (!order) return null;
  const { id, doseMg, effectiveDate, splitDose, takeHomeDaysPerWeek } = order;
  return { id, doseMg, effectiveDate, splitDose, takeHomeDaysPerWeek };
}

export function doseDto(visit: DoseShown): DoseDto {
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
}

/** Dose orders, the dosing record, and each client's standing (missed days, flags, drop-out). */
@Injectable()
export class DosingService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dosing: DosingRepository,
    private readonly clients: ClientsService,
    private readonly clinics: ClinicsService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly keyRotation: KeyRotation,
  ) {}

  onModuleInit(): void {
    // Every read of a client (libs/clients) settles a due drop-out with this area's rule.
    this.clients.useDropoutRule(dropoutEndSql);
    this.keyRotation.register({ table: 'dose_order', columns: ['note'] });
    this.keyRotation.register({ table: 'dosing_visit', columns: ['reason', 'assessment_note'] });
  }

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
        ...this.clients.entry(access, 'dose_order.create', { doseMg: dto.doseMg, effectiveDate: dto.effectiveDate }),
        targetType: 'dose_order',
        targetId: saved.id,
      });
      return saved;
    });
    return this.orderDto(order);
  }

  async listOrders(caller: Caller, clientId: string, query: PageQueryDto): Promise<DoseOrderPageDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'dosing');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.dosing.ordersOfClientPage(clientId, limit, decodePairCursor(query.cursor, 'date', 'exactInstant'));
    const page = toPage(
      rows,
      limit,
      (order) => ({ key: pairKey(order.effectiveDate, order.createdAtKey), id: order.id }),
      (order) => this.orderDto(order),
    );
    await this.clients.recordRead(caller, access, 'dose_order.list');
    return page;
  }

  async listDoses(caller: Caller, clientId: string, query: ListDosesQueryDto): Promise<DosePageDto> {
    if (query.from && query.to && query.from > query.to) {
      throw PlatformException.validation([{ field: 'to', message: 'to must not be before from' }]);
    }
    const access = await this.clients.requireAccess(caller, clientId, 'dosing');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodePairCursor(query.cursor, 'date', 'exactInstant');
    const rows = await this.dosing.visitsOfClientPage(clientId, { from: query.from, to: query.to }, limit, after);
    const page = toPage(rows, limit, (visit) => ({ key: pairKey(visit.clinicDay, visit.recordedAtKey), id: visit.id }), doseDto);
    await this.clients.recordRead(caller, access, 'dose.list');
    return page;
  }

  /**
   * The client's day: `requested`, or today in the clinic's time zone, with
   * the clinic's thresholds, the open episode, the coverage and the order in
   * force, read in one statement. Today is the clock's (as everywhere else);
   * PostgreSQL works out the default day from the same instant, and should its
   * time zone data ever disagree, the day is read again for the clock's today.
   */
  async day(access: ClientAccess, requested?: string): Promise<DosingDay> {
    const now = this.clock.now();
    const read = async (day: string | null): Promise<DayContext> => {
      const context = await this.dosing.dayContext(access.client.id, access.client.clinicId, now, day);
      if (!context) throw PlatformException.notFound('No such clinic.');
      return context;
    };
    let context = await read(requested ?? null);
    const today = calendarDate(now, context.timeZone);
    if (requested === undefined && context.day !== today) context = await read(today);
    return { ...context, today };
  }

  async status(caller: Caller, clientId: string): Promise<DosingStatusDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'dosing');
    const day = await this.day(access);
    const position = this.position(access, day);
    await this.clients.recordRead(caller, access, 'dosing.status');
    const lastCovered = position ? position.lastCovered : lastCoveredOf(day);
    // Out of treatment, the days still count from the last covered day (or the latest episode's start).
    const missed = position?.missed ?? consecutiveMissedDays(lastCovered, day.latestEpisodeStart ?? day.day, day.day);
    return {
      clinicDay: day.day,
      lastDoseDay: lastCovered,
      consecutiveMissedDays: missed,
      flag: position?.flag ?? 'dropped_out',
      activeOrder: position && position.flag !== 'dropped_out' ? activeOrderDto(day.order) : null,
    };
  }

  /**
   * Where the client stands on `day.day`, or null when not in treatment.
   * Writes nothing: `requireAccess` settled a drop-out due today before the
   * access was granted (with {@link dropoutEndSql}, the same rule in SQL), so
   * `dropped_out` here is only seen on a day before today that lies past
   * the threshold, which no dose may be recorded for.
   */
  position(access: ClientAccess, day: DosingDay): DosingPosition | null {
    const episodeStart = access.client.status === 'active' ? day.episodeStart : null;
    if (!episodeStart) return null;
    const lastCovered = lastCoveredOf(day);
    const missed = consecutiveMissedDays(lastCovered, episodeStart, day.day);
    const flag = flagFor(missed, day.thresholds);
    return { timeZone: day.timeZone, thresholds: day.thresholds, clinicDay: day.day, episodeStart, lastCovered, missed, flag };
  }

  /**
   * The dispensing window's list: the clinic's clients in treatment, by code,
   * with their standing today. Listing them settles the clinic's due
   * drop-outs first (ClientsService.inTreatment), so none is listed.
   */
  async today(caller: Caller, query: PageQueryDto): Promise<DosingTodayDto> {
    if (!caller.clinicId) throw PlatformException.forbidden();
    const clinic = await this.clinics.requireClinic(caller.clinicId);
    const today = this.clock.today(clinic.timeZone);
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor);
    const page = await this.clients.inTreatment(caller, clinic.id, limit, after);
    const ids = page.map((client) => client.id);
    const [coverage, orders] = await Promise.all([this.dosing.coverageOn(ids, today), this.dosing.activeOrdersOn(ids, today)]);
    const items = page.map((client) => {
      const cover = coverage.get(client.id);
      const lastCovered = cover?.covered ? today : (cover?.lastCovered ?? null);
      const missed = consecutiveMissedDays(lastCovered, client.episodeStart, today);
      return {
        clientId: client.id,
        code: client.code,
        preferredName: client.preferredName,
        flag: flagFor(missed, clinic.settings),
        consecutiveMissedDays: missed,
        activeOrder: activeOrderDto(orders.get(client.id)),
        dosed: cover?.covered ?? false,
      };
    });
    const shown = items.slice(0, limit);
    if (shown.length > 0) {
      await this.dataSource.transaction((em) =>
        this.audit.recordMany(
          em,
          actorOf(caller),
          shown.map((item) => ({
            action: 'dosing.today',
            clinicId: clinic.id,
            clientId: item.clientId,
            targetType: 'client',
            targetId: item.clientId,
            grounds: 'role' as const,
          })),
        ),
      );
    }
    return {
      clinicDay: today,
      items: shown,
      nextCursor: items.length > limit ? encodeCursor({ key: shown[shown.length - 1].code, id: shown[shown.length - 1].clientId }) : null,
    };
  }

  private orderDto(order: OrderShown): DoseOrderDto {
    return {
      id: order.id,
      doseMg: order.doseMg,
      effectiveDate: order.effectiveDate,
      splitDose: order.splitDose,
      takeHomeDaysPerWeek: order.takeHomeDaysPerWeek,
      note: this.cipher.openOptional(order.note),
      orderedBy: order.orderedBy,
      createdAt: order.createdAt.toISOString(),
    };
  }
}

/** The last covered day up to the day: the day itself once covered (a dose on the day ends a streak of missed days). */
function lastCoveredOf(day: DayContext): string | null {
  return day.covered ? day.day : day.lastCovered;
}
