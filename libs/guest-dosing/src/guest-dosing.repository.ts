import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { KeysetPosition, sql } from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import { GuestDosing } from './entities/guest-dosing.entity';

/** An arrangement as read, dates as `YYYY-MM-DD`. */
export interface GuestDosingRow {
  id: string;
  clientId: string;
  clientCode: string;
  clinicId: string;
  hostClinicId: string;
  fromDate: string;
  untilDate: string;
  createdAt: Date;
  endedAt: Date | null;
}

const COLUMNS = sql`id, client_id, client_code, clinic_id, host_clinic_id, to_char(from_date, 'YYYY-MM-DD') AS from_date,
                    to_char(until_date, 'YYYY-MM-DD') AS until_date, created_at, ended_at`;

@Injectable()
export class GuestDosingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Arrangements of a client are made one at a time (the overlap check, then the insert). */
  async lockClient(em: EntityManager, clientId: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended('guest_dosing:' || ${clientId}::text, 0)) IS NULL AS locked`.execute(em);
  }

  /** The client's arrangement not ended that shares a day with `from`…`until`, if any. */
  overlapping(em: EntityManager, clientId: string, from: string, until: string): Promise<GuestDosingRow | null> {
    return sql`SELECT ${COLUMNS} FROM guest_dosing
                WHERE client_id = ${clientId} AND ended_at IS NULL
                  AND from_date <= ${until}::date AND until_date >= ${from}::date
                LIMIT 1`.maybeOne<GuestDosingRow>(em);
  }

  async insert(em: EntityManager, row: Omit<GuestDosing, 'id' | 'endedAt' | 'endedBy'>): Promise<GuestDosingRow> {
    return sql`INSERT INTO guest_dosing (client_id, clinic_id, client_code, host_clinic_id, from_date, until_date, client_agreed, created_by, created_at)
               VALUES (${row.clientId}, ${row.clinicId}, ${row.clientCode}, ${row.hostClinicId}, ${row.fromDate}::date, ${row.untilDate}::date,
                       ${row.clientAgreed}, ${row.createdBy}, ${row.createdAt})
               RETURNING ${COLUMNS}`.one<GuestDosingRow>(em);
  }

  find(id: string): Promise<GuestDosingRow | null> {
    return sql`SELECT ${COLUMNS} FROM guest_dosing WHERE id = ${id}`.maybeOne<GuestDosingRow>(this.dataSource);
  }

  /** The arrangement, locked until the transaction ends. */
  forUpdate(em: EntityManager, id: string): Promise<GuestDosingRow | null> {
    return sql`SELECT ${COLUMNS} FROM guest_dosing WHERE id = ${id} FOR UPDATE`.maybeOne<GuestDosingRow>(em);
  }

  end(em: EntityManager, id: string, by: string, at: Date): Promise<GuestDosingRow> {
    return sql`UPDATE guest_dosing SET ended_at = ${at}, ended_by = ${by} WHERE id = ${id} RETURNING ${COLUMNS}`.one<GuestDosingRow>(em);
  }

  /**
   * A page of a clinic's arrangements, as host (`incoming`) or as the home
   * clinic (`outgoing`), latest first day first.
   */
  page(side: 'host' | 'home', clinicId: string, limit: number, after?: KeysetPosition): Promise<GuestDosingRow[]> {
    const clinic = side === 'host' ? sql`host_clinic_id` : sql`clinic_id`;
    return sql`SELECT ${COLUMNS} FROM guest_dosing
                WHERE ${clinic} = ${clinicId}::uuid
                      ${after ? sql`AND (from_date, id) < (${after.key}::date, ${after.id}::uuid)` : sql.empty}
                ORDER BY from_date DESC, id DESC
                LIMIT ${limit + 1}`.rows<GuestDosingRow>(this.dataSource);
  }
}
