import { Module } from '@nestjs/common';
import { ReminderOutbox } from './reminder-outbox';

/**
 * The writing side of the reminders outbox, which other areas use inside
 * their own transactions. It depends on the platform only, so every area may
 * import it (consent, clients, counseling, peer groups, and the reminders
 * area itself) without a cycle.
 */
@Module({ providers: [ReminderOutbox], exports: [ReminderOutbox] })
export class ReminderOutboxModule {}
