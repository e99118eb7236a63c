import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ReminderKind } from './reminder.entity';

/**
 * An in-app message to a staff member: what an `in_app` reminder delivers.
 * One per reminder (`reminder_id` is unique), so a delivery retried after a
 * crash cannot show it twice.
 */
@Entity('notification')
@Index('UQ_notification_reminder', ['reminderId'], { unique: true })
@Index('IDX_notification_staff_created', ['staffId', 'createdAt', 'id'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('Staff')
  staffId!: string;

  @Column({ type: 'uuid' })
  clinicId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('Reminder', { onDelete: 'CASCADE' })
  reminderId!: string;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('Client', { onDelete: 'CASCADE' })
  clientId!: string | null;

  @Column({ type: 'varchar', length: 20 })
  kind!: ReminderKind;

  /** Sealed. */
  @Column({ type: 'text' })
  text!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}
