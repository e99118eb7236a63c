import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientsService, ClientTransfers } from '@tongban/clients';
import { ClinicDto, ClinicsService } from '@tongban/clinics';
import {
  actorOf,
  AuditService,
  Caller,
  clientAuditEntry,
  Clock,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  isUniqueViolation,
  Page,
  PlatformException,
  toPage,
} from '@tongban/platform';
import { DataSource } from 'typeorm';
import { GuestDosingErrorCode, GuestDosingException } from '../guest-dosing.exception';
import { ListTransfersQueryDto, ProposeTransferDto, TransferDto } from './transfer.dto';
import { TransferRow, TransfersRepository } from './transfers.repository';

/**
 * Transfers between clinics (product.md "Transfer"): the home coordinator
 * proposes, with the client's agreement; the receiving coordinator accepts
 * (the client record moves: ClientTransfers) or declines. A pending transfer
 * shows the receiving clinic the client's code only. Every step is recorded
 * in both clinics' audit chains.
 */
@Injectable()
export class TransfersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transfers: TransfersRepository,
    private readonly clients: ClientsService,
    private readonly moves: ClientTransfers,
    private readonly clinics: ClinicsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async propose(caller: Caller, clientId: string, dto: ProposeTransferDto): Promise<TransferDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'episodes', 'manage');
    if (access.client.status !== 'active') {
      throw new GuestDosingException(GuestDosingErrorCode.CLIENT_NOT_ACTIVE, 'The client is not in treatment.');
    }
    const home = await this.clinics.requireClinic(access.client.clinicId);
    if (dto.toClinicId === home.id) {
      throw new GuestDosingException(
        GuestDosingErrorCode.HOST_IS_HOME_CLINIC,
        'The receiving clinic must be another clinic.',
        'toClinicId',
      );
    }
    const to = await this.clinics.findClinic(dto.toClinicId);
    if (!to) throw new GuestDosingException(GuestDosingErrorCode.UNKNOWN_CLINIC, 'No clinic has this id.', 'toClinicId');
    const code = await this.clients.codeOf(access);
    try {
      const row = await this.dataSource.transaction(async (em) => {
        const saved = await this.transfers.insert(em, {
          clientId,
          clinicId: home.id,
          clientCode: code,
          toClinicId: to.id,
          date: dto.date,
          proposedBy: caller.staffId,
          proposedAt: this.clock.now(),
        });
        await this.audit.record(em, actorOf(caller), {
          ...clientAuditEntry(access, 'transfer.propose', { toClinicId: to.id, date: dto.date }),
          targetType: 'client_transfer',
          targetId: saved.id,
          alsoClinicId: to.id,
        });
        return saved;
      });
      return present(row, new Map([home, to].map((clinic) => [clinic.id, clinic])));
    } catch (error) {
      if (isUniqueViolation(error, 'UQ_client_transfer_pending')) {
        throw new GuestDosingException(GuestDosingErrorCode.TRANSFER_PENDING, 'A transfer of this client is pending already.');
      }
      throw error;
    }
  }

  /**
   * The receiving coordinator accepts: in one transaction the client record
   * moves (ClientTransfers) and the transfer is marked accepted. 404 for
   * anyone but the receiving clinic; 422 TRANSFER_NOT_DUE before its day.
   */
  async accept(caller: Caller, id: string): Promise<TransferDto> {
    const found = await this.receivingTransfer(caller, id);
    const receiving = await this.clinics.requireClinic(found.toClinicId);
    const today = this.clock.today(receiving.timeZone);
    if (found.transferDate > today) {
      throw new GuestDosingException(
        GuestDosingErrorCode.TRANSFER_NOT_DUE,
        `The transfer is for ${found.transferDate}: accept it on that day.`,
      );
    }
    const row = await this.dataSource.transaction(async (em) => {
      const current = this.pending(await this.transfers.forUpdate(em, id));
      const moved = await this.moves.moveWithin(em, caller, {
        clientId: current.clientId,
        receiving,
        date: current.transferDate,
        transferId: current.id,
      });
      const decided = await this.transfers.decide(em, id, 'accepted', caller.staffId, this.clock.now(), moved.clientId);
      await this.recordDecision(em, caller, decided, 'transfer.accept', { newClientId: moved.clientId, code: moved.code });
      return decided;
    });
    return present(row, await this.clinics.requireClinics([row.clinicId, row.toClinicId]));
  }

  async decline(caller: Caller, id: string): Promise<TransferDto> {
    await this.receivingTransfer(caller, id);
    const row = await this.dataSource.transaction(async (em) => {
      this.pending(await this.transfers.forUpdate(em, id));
      const decided = await this.transfers.decide(em, id, 'declined', caller.staffId, this.clock.now(), null);
      await this.recordDecision(em, caller, decided, 'transfer.decline', {});
      return decided;
    });
    return present(row, await this.clinics.requireClinics([row.clinicId, row.toClinicId]));
  }

  /** The caller's clinic's transfers, proposed to it (`incoming`) or by it (`outgoing`); the read is audited in each chain it touches. */
  async list(caller: Caller, query: ListTransfersQueryDto): Promise<Page<TransferDto>> {
    if (!caller.clinicId) throw PlatformException.forbidden();
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const side = query.direction === 'incoming' ? 'to' : 'from';
    const rows = await this.transfers.page(side, caller.clinicId, query.status, limit, decodeCursor(query.cursor, 'instant'));
    const shown = rows.slice(0, limit);
    const clinics = await this.clinics.requireClinics(shown.flatMap((row) => [row.clinicId, row.toClinicId]));
    const chains = new Map<string, string[]>([[caller.clinicId, shown.map((row) => row.clientId)]]);
    if (side === 'to') for (const row of shown) chains.set(row.clinicId, [...(chains.get(row.clinicId) ?? []), row.clientId]);
    await this.dataSource.transaction(async (em) => {
      for (const [clinicId, clientIds] of chains) {
        await this.audit.recordList(em, actorOf(caller), {
          action: 'transfer.list',
          clinicId,
          clientIds,
          targetType: 'client_transfer',
          details: { direction: query.direction },
        });
      }
    });
    return toPage(
      rows,
      limit,
      (row) => ({ key: row.proposedAt.toISOString(), id: row.id }),
      (row) => present(row, clinics),
    );
  }

  /** A transfer proposed to the caller's clinic, else 404 (a transfer to another clinic is none of theirs). */
  private async receivingTransfer(caller: Caller, id: string): Promise<TransferRow> {
    const found = await this.transfers.find(id);
    if (!found || found.toClinicId !== caller.clinicId) throw PlatformException.notFound('No such transfer.');
    return this.pending(found);
  }

  private pending(row: TransferRow | null): TransferRow {
    if (!row) throw PlatformException.notFound('No such transfer.');
    if (row.status !== 'pending')
      throw new GuestDosingException(GuestDosingErrorCode.TRANSFER_DECIDED, `This transfer was ${row.status} already.`);
    return row;
  }

  /** The decision in the receiving clinic's chain and the home clinic's, about the home record. */
  private async recordDecision(
    em: Parameters<AuditService['record']>[0],
    caller: Caller,
    row: TransferRow,
    action: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(em, actorOf(caller), {
      action,
      clinicId: row.toClinicId,
      clientId: row.clientId,
      targetType: 'client_transfer',
      targetId: row.id,
      grounds: 'role',
      details: { fromClinicId: row.clinicId, date: row.transferDate, ...details },
      alsoClinicId: row.clinicId,
    });
  }
}

function present(row: TransferRow, clinics: Map<string, ClinicDto>): TransferDto {
  return {
    id: row.id,
    clientId: row.clientId,
    clientCode: row.clientCode,
    fromClinicId: row.clinicId,
    fromClinicCode: clinics.get(row.clinicId)?.code ?? '',
    toClinicId: row.toClinicId,
    toClinicCode: clinics.get(row.toClinicId)?.code ?? '',
    date: row.transferDate,
    status: row.status,
    proposedAt: row.proposedAt.toISOString(),
    decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
    newClientId: row.newClientId,
  };
}
