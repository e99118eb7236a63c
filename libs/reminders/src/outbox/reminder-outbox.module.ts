import { Module } from '@nestjs/common';
import { ReminderOutbox } from './reminder-outbox';

/**
 * The part of the reminders area other areas use inside their own
 * transactions. It depends on the platform only, so the areas that import
 * it (counseling, peer groups, consent) make no cycle.
 */
@Module({ providers: [ReminderOutbox], exports: [ReminderOutbox] })
export class ReminderOutboxModule {}
