import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { KeysetPosition, sql } from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import { TransferStatus } from '../entities/client-transfer.entity';

export interface TransferRow {
  id: string;
  clientId: string;
  clientCode: string;
  clinicId: string;
  toClinicId: string;
  transferDate: string;
  status: TransferStatus;
  proposedAt: Date;
  decidedAt: Date | null;
  newClientId: string | null;
}

const COLUMNS = sql`id, client_id, client_code, clinic_id, to_clinic_id, to_char(transfer_date, 'YYYY-MM-DD') AS transfer_date, status,
                    proposed_at, decided_at, new_client_id`;

@Injectable()
export class TransfersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  insert(
    em: EntityManager,
    row: { clientId: string; clinicId: string; clientCode: string; toClinicId: string; date: string; proposedBy: string; proposedAt: Date },
  ): Promise<TransferRow> {
    return sql`INSERT INTO client_transfer (client_id, clinic_id, client_code, to_clinic_id, transfer_date, client_agreed, status, proposed_by, proposed_at)
               VALUES (${row.clientId}, ${row.clinicId}, ${row.clientCode}, ${row.toClinicId}, ${row.date}::date, TRUE, 'pending',
                       ${row.proposedBy}, ${row.proposedAt})
               RETURNING ${COLUMNS}`.one<TransferRow>(em);
  }

  find(id: string): Promise<TransferRow | null> {
    return sql`SELECT ${COLUMNS} FROM client_transfer WHERE id = ${id}`.maybeOne<TransferRow>(this.dataSource);
  }

  forUpdate(em: EntityManager, id: string): Promise<TransferRow | null> {
    return sql`SELECT ${COLUMNS} FROM client_transfer WHERE id = ${id} FOR UPDATE`.maybeOne<TransferRow>(em);
  }

  decide(em: EntityManager, id: string, status: TransferStatus, by: string, at: Date, newClientId: string | null): Promise<TransferRow> {
    return sql`UPDATE client_transfer SET status = ${status}, decided_by = ${by}, decided_at = ${at}, new_client_id = ${newClientId}
                WHERE id = ${id} RETURNING ${COLUMNS}`.one<TransferRow>(em);
  }

  /** A page of the transfers proposed to (`to`) or by (`from`) a clinic, newest first. */
  page(
    side: 'to' | 'from',
    clinicId: string,
    status: TransferStatus | undefined,
    limit: number,
    after?: KeysetPosition,
  ): Promise<TransferRow[]> {
    const clinic = side === 'to' ? sql`to_clinic_id` : sql`clinic_id`;
    return sql`SELECT ${COLUMNS} FROM client_transfer
                WHERE ${clinic} = ${clinicId}::uuid ${status ? sql`AND status = ${status}` : sql.empty}
                      ${after ? sql`AND (proposed_at, id) < (${after.key}::timestamptz, ${after.id}::uuid)` : sql.empty}
                ORDER BY proposed_at DESC, id DESC
                LIMIT ${limit + 1}`.rows<TransferRow>(this.dataSource);
  }
}
