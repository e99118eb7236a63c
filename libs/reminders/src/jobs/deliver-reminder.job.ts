import { Injectable } from '@nestjs/common';
import { JobHandler } from '@tongban/platform/queue/job-registry';
import { JobName, JobPayloads } from '@tongban/platform/queue/queue-names';
import { ReminderDelivery } from '../delivery/reminder-delivery';

/** Thrown back to the queue so that it runs the job again shortly (another run holds the reminder). */
export class RetryDeliveryError extends Error {
  constructor(readonly code: string) {
    super(`delivery to be retried: ${code}`);
    this.name = 'RetryDeliveryError';
  }
}

/**
 * `deliver-reminder` { reminderId }: one delivery run (the job id is the
 * reminder id). The outcome is in the record: a retryable failure moves the
 * reminder's due time by the back-off (the relay hands it to the queue again
 * then, so a retry survives Redis losing its data), after the last useful
 * attempt it is `failed` with its code. Only a reminder another run holds
 * right now is thrown back for the queue to try again shortly.
 */
@Injectable()
export class DeliverReminderJob implements JobHandler<JobName.DeliverReminder> {
  readonly jobName = JobName.DeliverReminder;

  constructor(private readonly delivery: ReminderDelivery) {}

  async handle(data: JobPayloads[JobName.DeliverReminder]): Promise<void> {
    const outcome = await this.delivery.deliver(data.reminderId);
    if (outcome.result === 'busy') throw new RetryDeliveryError('REMINDER_BUSY');
  }
}
