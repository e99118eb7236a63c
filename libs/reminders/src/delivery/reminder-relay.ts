import { Injectable } from '@nestjs/common';
import { Clock } from '@tongban/platform';
import { QueueProducer } from '@tongban/platform/queue/queue-producer';
import { JobName } from '@tongban/platform/queue/queue-names';
import { JOB_ATTEMPTS, ReminderSettings } from '../reminder-settings';
import { DeliveryRepository } from './delivery.repository';

const BATCH = 500;
export const SWEEP_SCHEDULER_ID = 'reminder-sweeps';

/**
 * The outbox relay: moves due reminders from PostgreSQL into the queue, one
 * `deliver-reminder` job per reminder with the reminder id as job id, so a
 * reminder handed over twice (by two relays, or again after Redis lost it)
 * is still one job, and a job run twice finds the record done. When Redis
 * is unreachable, the reminders are given back and wait in PostgreSQL.
 */
@Injectable()
export class ReminderRelay {
  constructor(
    private readonly repository: DeliveryRepository,
    private readonly producer: QueueProducer,
    private readonly settings: ReminderSettings,
    private readonly clock: Clock,
  ) {}

  /** Hands every due reminder to the queue. Returns how many; throws when the queue refused them (they stay due). */
  async relayDue(): Promise<number> {
    let relayed = 0;
    for (;;) {
      const now = this.clock.now();
      const ids = await this.repository.takeDue(now, new Date(now.getTime() - this.settings.requeueMs), BATCH);
      if (ids.length === 0) return relayed;
      try {
        await this.producer.addBulk(
          ids.map((id) => ({
            name: JobName.DeliverReminder,
            data: { reminderId: id },
            jobId: id,
            opts: {
              attempts: JOB_ATTEMPTS,
              backoff: { type: 'exponential', delay: 1000 },
              removeOnComplete: true,
              removeOnFail: true,
            },
          })),
        );
      } catch (error) {
        await this.repository.giveBack(ids);
        throw error;
      }
      relayed += ids.length;
      if (ids.length < BATCH) return relayed;
    }
  }

  /** The hourly sweep as a BullMQ job scheduler (idempotent: every worker upserts it). */
  async scheduleSweeps(): Promise<void> {
    await this.producer.upsertScheduler(
      SWEEP_SCHEDULER_ID,
      { every: this.settings.sweepEveryMs },
      {
        name: JobName.SweepReminders,
        data: {},
        opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: true, removeOnFail: 50 },
      },
    );
  }
}
