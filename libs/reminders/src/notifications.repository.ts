import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { exactInstantSql, KeysetPosition } from '@tongban/platform';
import { DataSource } from 'typeorm';
import type { ReminderKind } from './entities/reminder.entity';

export interface StoredNotification {
  id: string;
  kind: ReminderKind;
  /** Sealed. */
  text: string;
  clientId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** A notification of a page of the list, with the time created exactly as stored (for the cursor). */
export type ListedNotification = StoredNotification & { createdAtKey: string };

const FIELDS = `id, kind, text, client_id AS "clientId", created_at AS "createdAt", read_at AS "readAt"`;

@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of a staff member's notifications, newest first (then by id), `limit + 1` of them after `after`. */
  pageOfStaff(staffId: string, limit: number, after?: KeysetPosition): Promise<ListedNotification[]> {
    return this.dataSource.query<ListedNotification[]>(
      `SELECT ${FIELDS}, ${exactInstantSql('created_at')} AS "createdAtKey"
         FROM notification
        WHERE staff_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [staffId, after?.key ?? null, after?.id ?? null, limit + 1],
    );
  }

  /** Marks one of the staff member's notifications read (the first reading counts); null when it is not theirs. */
  async markRead(staffId: string, id: string, now: Date): Promise<StoredNotification | null> {
    const rows = await this.dataSource.query<StoredNotification[]>(
      `WITH u AS (UPDATE notification SET read_at = coalesce(read_at, $3) WHERE id = $1 AND staff_id = $2 RETURNING *)
       SELECT ${FIELDS} FROM u`,
      [id, staffId, now],
    );
    return rows[0] ?? null;
  }
}
