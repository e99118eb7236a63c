import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FieldCipher } from '@tongban/platform';
import { DataSource } from 'typeorm';
import { OutgoingMessage, ReminderChannel } from './reminder-channel';

/**
 * In-app notifications for staff: delivering is writing the notification,
 * one per reminder (a retry after a crash finds it there and adds nothing).
 */
@Injectable()
export class InAppChannel implements ReminderChannel {
  readonly name = 'in_app' as const;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  configured(): boolean {
    return true;
  }

  async send(message: OutgoingMessage): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification (staff_id, clinic_id, reminder_id, client_id, kind, text)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (reminder_id) DO NOTHING`,
      [message.to, message.clinicId, message.reminderId, message.clientId, message.kind, this.cipher.seal(message.text)],
    );
  }
}
