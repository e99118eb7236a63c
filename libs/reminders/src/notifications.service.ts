import { Injectable } from '@nestjs/common';
import { Caller, Clock, decodeCursor, DEFAULT_PAGE_SIZE, FieldCipher, PageQueryDto, PlatformException, toPage } from '@tongban/platform';
import { NotificationDto, NotificationPageDto } from './dto/notification.dto';
import { NotificationsRepository, StoredNotification } from './notifications.repository';

/** Each staff member's own in-app notices (what `in_app` reminders deliver). */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
  ) {}

  async list(caller: Caller, query: PageQueryDto): Promise<NotificationPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.notifications.pageOfStaff(caller.staffId, limit, decodeCursor(query.cursor, 'exactInstant'));
    return toPage(
      rows,
      limit,
      (row) => ({ key: row.createdAtKey, id: row.id }),
      (row) => this.toDto(row),
    );
  }

  async markRead(caller: Caller, id: string): Promise<NotificationDto> {
    const row = await this.notifications.markRead(caller.staffId, id, this.clock.now());
    if (!row) throw PlatformException.notFound('No such notification.');
    return this.toDto(row);
  }

  private toDto(row: StoredNotification): NotificationDto {
    return {
      id: row.id,
      kind: row.kind,
      text: this.cipher.open(row.text),
      clientId: row.clientId,
      createdAt: row.createdAt.toISOString(),
      readAt: row.readAt?.toISOString() ?? null,
    };
  }
}
