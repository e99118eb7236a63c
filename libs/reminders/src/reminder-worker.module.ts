import { Module } from '@nestjs/common';
import { ReminderDeliveryModule } from './reminder-delivery.module';

/** Reminders in a queue worker: delivery, the relay and the sweeps; no routes. */
@Module({ imports: [ReminderDeliveryModule.forRoot('worker')] })
export class ReminderWorkerModule {}
