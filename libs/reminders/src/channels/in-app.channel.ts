import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FieldCipher, sql } from '@tongban/platform';
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
    await sql`INSERT INTO notification (staff_id, clinic_id, reminder_id, client_id, kind, text)
               VALUES (${message.to}, ${message.clinicId}, ${message.reminderId}, ${message.clientId}, ${message.kind}, ${this.cipher.seal(message.text)})
               ON CONFLICT (reminder_id) DO NOTHING`.execute(this.dataSource);
  }
}
