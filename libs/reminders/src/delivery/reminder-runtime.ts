import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { type AppLogger, AppLoggerToken, RedisConnection } from '@tongban/platform';
import { JobRegistry } from '@tongban/platform/queue/job-registry';
import { QueueName } from '@tongban/platform/queue/queue-names';
import { DeliverReminderJob } from '../jobs/deliver-reminder.job';
import { SweepRemindersJob } from '../jobs/sweep-reminders.job';
import { ReminderSettings } from '../reminder-settings';
import { InlineDelivery } from './inline-delivery';
import { ReminderRelay } from './reminder-relay';
import { Ticker } from './ticker';

/** Which process this is: the API (delivers in-process only without Redis) or a queue worker. */
export type ReminderProcessRole = 'api' | 'worker';
export const REMINDER_PROCESS_ROLE = Symbol('REMINDER_PROCESS_ROLE');

/** How often a worker re-declares the sweep scheduler (Redis may have lost it). */
const SCHEDULER_REFRESH_MS = 10 * 60_000;

/**
 * Starts what moves reminders in this process:
 * - a worker (REDIS_URL required): the relay (PostgreSQL → queue) every
 *   `REMINDER_POLL_MS`, the sweep job scheduler; the jobs themselves run in
 *   the worker's `QueueWorkerHost`;
 * - the API without REDIS_URL, or with `REMINDER_DELIVERY_IN_API=1` (`npm start`):
 *   in-process delivery of due reminders every `REMINDER_POLL_MS` and the
 *   sweeps every `REMINDER_SWEEP_EVERY_MS` (claims and leases keep it safe
 *   beside any workers);
 * - the API with REDIS_URL otherwise: nothing (it only writes the records; workers deliver).
 */
@Injectable()
export class ReminderRuntime implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly tickers: Ticker[] = [];

  constructor(
    @Inject(REMINDER_PROCESS_ROLE) private readonly role: ReminderProcessRole,
    private readonly redis: RedisConnection,
    private readonly registry: JobRegistry,
    private readonly deliverJob: DeliverReminderJob,
    private readonly sweepJob: SweepRemindersJob,
    private readonly relay: ReminderRelay,
    private readonly inline: InlineDelivery,
    private readonly settings: ReminderSettings,
    @Inject(AppLoggerToken) private readonly logger: AppLogger,
  ) {}

  /** `queue` when Redis carries the work, `inline` when this process delivers itself, `none` for an API with Redis. */
  get mode(): 'queue' | 'inline' | 'none' {
    if (this.role === 'worker') return 'queue';
    return this.redis.configured && !this.settings.deliverInApi ? 'none' : 'inline';
  }

  onModuleInit(): void {
    this.registry.register(this.deliverJob);
    this.registry.register(this.sweepJob);
    this.registry.configureQueue(QueueName.Reminders, { concurrency: this.settings.concurrency, lockMs: this.settings.lockMs });
  }

  onApplicationBootstrap(): void {
    const onError = (what: string) => (error: unknown) =>
      this.logger.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, `${what} failed; will try again`);
    if (this.mode === 'queue') {
      if (this.settings.pollMs > 0)
        this.add(new Ticker(() => this.relay.relayDue(), this.settings.pollMs, onError('reminder relay'))).start();
      if (this.settings.sweepEveryMs > 0) {
        this.add(new Ticker(() => this.relay.scheduleSweeps(), SCHEDULER_REFRESH_MS, onError('reminder sweep scheduler'))).start();
      }
    } else if (this.mode === 'inline') {
      if (this.settings.pollMs > 0) {
        this.add(new Ticker(() => this.inline.runDue(), this.settings.pollMs, onError('in-process reminder delivery'))).start(
          this.settings.pollMs,
        );
      }
      if (this.settings.sweepEveryMs > 0) {
        this.add(new Ticker(() => this.sweepJob.run(), this.settings.sweepEveryMs, onError('reminder sweep'))).start(
          Math.min(5000, this.settings.sweepEveryMs),
        );
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.tickers.map((ticker) => ticker.stop()));
  }

  private add(ticker: Ticker): Ticker {
    this.tickers.push(ticker);
    return ticker;
  }
}
