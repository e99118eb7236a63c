import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientsService } from '@tongban/clients';
import { ClinicDto, ClinicsService } from '@tongban/clinics';
import {
  actorOf,
  addDays,
  AuditService,
  Caller,
  clientAuditEntry,
  Clock,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  Page,
  Permission,
  PlatformException,
  roleHas,
  toPage,
} from '@tongban/platform';
import { DataSource } from 'typeorm';
import { CreateGuestDosingDto } from './dto/create-guest-dosing.dto';
import { GuestDosingDto, GuestDosingStatus, ListGuestDosingQueryDto } from './dto/guest-dosing.dto';
import { GuestDosingErrorCode, GuestDosingException } from './guest-dosing.exception';
import { GuestDosingRepository, GuestDosingRow } from './guest-dosing.repository';

/** An arrangement covers at most this many days (product.md). */
export const GUEST_DOSING_MAX_DAYS = 30;

/**
 * Guest dosing arrangements: the home clinic's coordinator or physician makes
 * and ends them, with the client's agreement; both clinics list them. What
 * an arrangement opens to the host is the access policy's guest rule
 * (libs/clients, `GUEST_RULE`), which reads them through `hostedGuestSql`.
 * Each write is recorded in both clinics' audit chains.
 */
@Injectable()
export class GuestDosingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly arrangements: GuestDosingRepository,
    private readonly clients: ClientsService,
    private readonly clinics: ClinicsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(caller: Caller, clientId: string, dto: CreateGuestDosingDto): Promise<GuestDosingDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'dosing', 'manage');
    if (access.client.status !== 'active') {
      throw new GuestDosingException(GuestDosingErrorCode.CLIENT_NOT_ACTIVE, 'The client is not in treatment.');
    }
    const home = await this.clinics.requireClinic(access.client.clinicId);
    if (dto.hostClinicId === home.id) {
      throw new GuestDosingException(GuestDosingErrorCode.HOST_IS_HOME_CLINIC, 'The host must be another clinic.', 'hostClinicId');
    }
    const host = await this.clinics.findClinic(dto.hostClinicId);
    if (!host) throw new GuestDosingException(GuestDosingErrorCode.UNKNOWN_CLINIC, 'No clinic has this id.', 'hostClinicId');
    if (dto.until < dto.from) throw PlatformException.validation([{ field: 'until', message: 'until must not be before from' }]);
    const today = this.clock.today(home.timeZone);
    if (dto.from < today) {
      throw new GuestDosingException(GuestDosingErrorCode.GUEST_DOSING_IN_PAST, `from must be today (${today}) or later.`, 'from');
    }
    if (dto.until > addDays(dto.from, GUEST_DOSING_MAX_DAYS - 1)) {
      throw new GuestDosingException(
        GuestDosingErrorCode.GUEST_DOSING_TOO_LONG,
        `An arrangement covers at most ${GUEST_DOSING_MAX_DAYS} days (until ${addDays(dto.from, GUEST_DOSING_MAX_DAYS - 1)}).`,
        'until',
      );
    }
    const code = await this.clients.codeOf(access);
    const row = await this.dataSource.transaction(async (em) => {
      await this.arrangements.lockClient(em, clientId);
      const clash = await this.arrangements.overlapping(em, clientId, dto.from, dto.until);
      if (clash) {
        throw new GuestDosingException(
          GuestDosingErrorCode.GUEST_DOSING_OVERLAPS,
          `The client has an arrangement from ${clash.fromDate} to ${clash.untilDate}: end it first.`,
        );
      }
      const saved = await this.arrangements.insert(em, {
        clientId,
        clinicId: home.id,
        clientCode: code,
        hostClinicId: host.id,
        fromDate: dto.from,
        untilDate: dto.until,
        clientAgreed: true,
        createdBy: caller.staffId,
        createdAt: this.clock.now(),
      });
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'guest_dosing.create', { hostClinicId: host.id, from: dto.from, until: dto.until }),
        targetType: 'guest_dosing',
        targetId: saved.id,
        alsoClinicId: host.id,
      });
      return saved;
    });
    return this.present(row, new Map([home, host].map((clinic) => [clinic.id, clinic])));
  }

  /**
   * Ends an arrangement early (the home clinic's coordinator or physician):
   * from now the host no longer sees the client. 404 as for a hidden client
   * to anyone who may not manage the client's dosing (the host included).
   */
  async end(caller: Caller, id: string): Promise<GuestDosingDto> {
    const found = await this.arrangements.find(id);
    if (!found) throw PlatformException.notFound('No such arrangement.');
    const access = await this.clients.requireAccess(caller, found.clientId, 'dosing', 'manage');
    const home = await this.clinics.requireClinic(found.clinicId);
    const today = this.clock.today(home.timeZone);
    const row = await this.dataSource.transaction(async (em) => {
      const current = await this.arrangements.forUpdate(em, id);
      if (!current) throw PlatformException.notFound('No such arrangement.');
      if (current.endedAt || current.untilDate < today) {
        throw new GuestDosingException(GuestDosingErrorCode.GUEST_DOSING_OVER, 'This arrangement is over already.');
      }
      const ended = await this.arrangements.end(em, id, caller.staffId, this.clock.now());
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'guest_dosing.end', {
          hostClinicId: current.hostClinicId,
          from: current.fromDate,
          until: current.untilDate,
        }),
        targetType: 'guest_dosing',
        targetId: id,
        alsoClinicId: current.hostClinicId,
      });
      return ended;
    });
    return this.present(row, await this.clinics.requireClinics([row.clinicId, row.hostClinicId]));
  }

  /**
   * The caller's clinic's arrangements: `incoming` (it hosts) for its
   * coordinator, physicians and nurses; `outgoing` (its clients away) for
   * those who make them, whose role sees every client of the clinic. One
   * audit event for the read, in the caller's chain, naming the clients.
   */
  async list(caller: Caller, query: ListGuestDosingQueryDto): Promise<Page<GuestDosingDto>> {
    if (!caller.clinicId) throw PlatformException.forbidden();
    if (query.direction === 'outgoing' && !roleHas(caller.role, Permission.GuestDosingArrange)) {
      throw PlatformException.forbidden('Your role may not list the clinic’s arrangements elsewhere.');
    }
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.arrangements.page(
      query.direction === 'incoming' ? 'host' : 'home',
      caller.clinicId,
      limit,
      decodeCursor(query.cursor, 'date'),
    );
    const shown = rows.slice(0, limit);
    const clinics = await this.clinics.requireClinics(shown.flatMap((row) => [row.clinicId, row.hostClinicId]));
    await this.recordListRead(caller, caller.clinicId, query.direction, shown);
    return toPage(
      rows,
      limit,
      (row) => ({ key: row.fromDate, id: row.id }),
      (row) => this.present(row, clinics),
    );
  }

  /**
   * One event for the list read in the caller's chain, naming the clients it
   * showed; a host's list also in each home clinic's chain, naming its clients.
   */
  private async recordListRead(caller: Caller, clinicId: string, direction: string, shown: GuestDosingRow[]): Promise<void> {
    const chains = new Map<string, string[]>([[clinicId, shown.map((row) => row.clientId)]]);
    if (direction === 'incoming') {
      for (const row of shown) chains.set(row.clinicId, [...(chains.get(row.clinicId) ?? []), row.clientId]);
    }
    await this.dataSource.transaction(async (em) => {
      for (const [chain, clientIds] of chains) {
        await this.audit.recordList(em, actorOf(caller), {
          action: 'guest_dosing.list',
          clinicId: chain,
          clientIds,
          targetType: 'guest_dosing',
          details: { direction, ...(chain === clinicId ? {} : { host: clinicId }) },
        });
      }
    });
  }

  private present(row: GuestDosingRow, clinics: Map<string, ClinicDto>): GuestDosingDto {
    const home = clinics.get(row.clinicId);
    const host = clinics.get(row.hostClinicId);
    if (!home || !host) throw new Error('clinic of an arrangement not loaded');
    return {
      id: row.id,
      clientId: row.clientId,
      clientCode: row.clientCode,
      homeClinicId: home.id,
      homeClinicCode: home.code,
      hostClinicId: host.id,
      hostClinicCode: host.code,
      from: row.fromDate,
      until: row.untilDate,
      status: statusOf(row, this.clock.today(home.timeZone)),
      createdAt: row.createdAt.toISOString(),
      endedAt: row.endedAt ? row.endedAt.toISOString() : null,
    };
  }
}

/** Where an arrangement stands on `today` (the home clinic's day). */
export function statusOf(row: Pick<GuestDosingRow, 'fromDate' | 'untilDate' | 'endedAt'>, today: string): GuestDosingStatus {
  if (row.endedAt) return 'ended';
  if (today < row.fromDate) return 'upcoming';
  if (today > row.untilDate) return 'over';
  return 'in_force';
}
