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
    const position = decodeCursor(query.cursor);
    let before: { createdAt: Date; id: string } | undefined;
    if (position) {
      const createdAt = new Date(position.key);
      if (Number.isNaN(createdAt.getTime())) {
        throw PlatformException.validation([{ field: 'cursor', message: 'cursor is not one this API gave out' }]);
      }
      before = { createdAt, id: position.id };
    }
    const rows = await this.notifications.pageOfStaff(caller.staffId, limit, before);
    return toPage(
      rows,
      limit,
      (row) => ({ key: row.createdAt.toISOString(), id: row.id }),
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
