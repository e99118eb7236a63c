import { Injectable } from '@nestjs/common';
import { JobHandler } from '@tongban/platform/queue/job-registry';
import { JobName, JobPayloads } from '@tongban/platform/queue/queue-names';
import { ReminderDelivery } from '../delivery/reminder-delivery';

/** Thrown back to the queue so that it retries with its back-off. */
export class RetryDeliveryError extends Error {
  constructor(readonly code: string) {
    super(`delivery to be retried: ${code}`);
    this.name = 'RetryDeliveryError';
  }
}

/**
 * `deliver-reminder` { reminderId }: one delivery run (the job id is the
 * reminder id). A retryable failure is thrown, so BullMQ retries with
 * exponential back-off; everything else ends the job, the outcome being in
 * the record (after the last attempt: `failed` with its code).
 */
@Injectable()
export class DeliverReminderJob implements JobHandler<JobName.DeliverReminder> {
  readonly jobName = JobName.DeliverReminder;

  constructor(private readonly delivery: ReminderDelivery) {}

  async handle(data: JobPayloads[JobName.DeliverReminder]): Promise<void> {
    const outcome = await this.delivery.deliver(data.reminderId, 'queue');
    if (outcome.result === 'retry') throw new RetryDeliveryError(outcome.code);
    if (outcome.result === 'busy') throw new RetryDeliveryError('REMINDER_BUSY');
  }
}
