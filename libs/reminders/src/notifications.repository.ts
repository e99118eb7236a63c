import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { exactInstantSql, KeysetPosition, sql } from '@tongban/platform';
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

const FIELDS = sql`id, kind, text, client_id, created_at, read_at`;

@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of a staff member's notifications, newest first (then by id), `limit + 1` of them after `after`. */
  pageOfStaff(staffId: string, limit: number, after?: KeysetPosition): Promise<ListedNotification[]> {
    const afterKey = after?.key ?? null;
    return sql`SELECT ${FIELDS}, ${exactInstantSql(sql`created_at`)} AS created_at_key
                 FROM notification
                WHERE staff_id = ${staffId} AND (${afterKey}::timestamptz IS NULL OR (created_at, id) < (${afterKey}::timestamptz, ${after?.id ?? null}::uuid))
                ORDER BY created_at DESC, id DESC LIMIT ${limit + 1}`.rows<ListedNotification>(this.dataSource);
  }

  /** Marks one of the staff member's notifications read (the first reading counts); null when it is not theirs. */
  async markRead(staffId: string, id: string, now: Date): Promise<StoredNotification | null> {
    return sql`WITH u AS (UPDATE notification SET read_at = coalesce(read_at, ${now}::timestamptz) WHERE id = ${id} AND staff_id = ${staffId} RETURNING *)
               SELECT ${FIELDS} FROM u`.maybeOne<StoredNotification>(this.dataSource);
  }
}
