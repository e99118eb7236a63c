import { Module } from '@nestjs/common';
import { ReminderScheduling } from './reminder-scheduling';

/**
 * Reminders made and cancelled by other areas' domain events. Every process
 * whose areas publish those events loads it (the API, `keys:rotate` for the
 * sealed columns it registers); no routes, no delivery.
 */
@Module({ providers: [ReminderScheduling] })
export class ReminderSchedulingModule {}
