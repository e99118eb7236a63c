import { Inject, Injectable } from '@nestjs/common';
import { type AppLogger, AppLoggerToken, Clock } from '@tongban/platform';
import { ReminderSettings } from '../reminder-settings';
import { DeliveryRepository } from './delivery.repository';
import { ReminderDelivery } from './reminder-delivery';

/**
 * Delivery in the API process when there is no Redis (`npm start` on a
 * laptop): the same records and the same delivery as the worker's, taken
 * from PostgreSQL directly instead of through the queue (retries wait, as
 * with the queue, in the record's due time).
 */
@Injectable()
export class InlineDelivery {
  constructor(
    private readonly repository: DeliveryRepository,
    private readonly delivery: ReminderDelivery,
    private readonly settings: ReminderSettings,
    private readonly clock: Clock,
    @Inject(AppLoggerToken) private readonly logger: AppLogger,
  ) {}

  /** Delivers every reminder due now, `concurrency` at a time. Returns how many were taken. */
  async runDue(): Promise<number> {
    const batch = this.settings.concurrency * 4;
    let taken = 0;
    for (;;) {
      const now = this.clock.now();
      const ids = await this.repository.takeDue(now, new Date(now.getTime() - this.settings.requeueMs), batch);
      taken += ids.length;
      await inParallel(ids, this.settings.concurrency, async (id) => {
        try {
          await this.delivery.deliver(id);
        } catch (error) {
          this.logger.warn(
            { reminderId: id, err: { message: error instanceof Error ? error.message : String(error) } },
            'reminder delivery error',
          );
          await this.repository.giveBack([id]).catch(() => undefined);
        }
      });
      if (ids.length < batch) return taken;
    }
  }
}

/** Runs `work` over `items`, at most `limit` at once. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  });
  await Promise.all(lanes);
}
