import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
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

const FIELDS = `id, kind, text, client_id AS "clientId", created_at AS "createdAt", read_at AS "readAt"`;

@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of a staff member's notifications, newest first, after the keyset position. */
  pageOfStaff(staffId: string, limit: number, before?: { createdAt: Date; id: string }): Promise<StoredNotification[]> {
    return before
      ? this.dataSource.query<StoredNotification[]>(
          `SELECT ${FIELDS} FROM notification WHERE staff_id = $1 AND (created_at, id) < ($2::timestamptz, $3::uuid)
            ORDER BY created_at DESC, id DESC LIMIT $4`,
          [staffId, before.createdAt, before.id, limit + 1],
        )
      : this.dataSource.query<StoredNotification[]>(
          `SELECT ${FIELDS} FROM notification WHERE staff_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
          [staffId, limit + 1],
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
