import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { AppLoggerToken } from '../logging/logger.token';
import type { AppLogger } from '../logging/logger';
import { JobRegistry } from './job-registry';
import { QueueName } from './queue-names';
import { RedisConnection } from './redis-connection';
import { within } from './within';

/**
 * Works off every queue with the registered handlers (the worker process;
 * REDIS_URL only). A job whose name has no handler fails at once.
 */
@Injectable()
export class QueueWorkerHost implements BeforeApplicationShutdown {
  private readonly workers: Worker[] = [];

  constructor(
    private readonly registry: JobRegistry,
    private readonly redis: RedisConnection,
    @Inject(AppLoggerToken) private readonly logger: AppLogger,
  ) {}

  start(): void {
    this.registry.assertComplete();
    for (const queue of Object.values(QueueName)) {
      const options = this.registry.queueOptions(queue);
      const worker = new Worker(queue, (job: Job) => this.process(job), {
        connection: this.redis.connect('worker'),
        concurrency: options.concurrency,
        lockDuration: options.lockMs,
        stalledInterval: Math.max(1000, Math.floor(options.lockMs / 2)),
        maxStalledCount: 2,
      });
      worker.on('error', (error: Error) => this.logger.warn({ err: { message: error.message }, queue }, 'queue worker error'));
      this.workers.push(worker);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Lets running jobs finish; while Redis is unreachable BullMQ would wait for it forever, so it is not asked to.
    const force = (await this.redis.state()) !== 'up';
    await Promise.all(
      this.workers.map((worker) =>
        within(worker.close(force), force ? 2000 : 10_000, 'worker close').catch(() =>
          within(worker.close(true), 2000, 'worker close').catch(() => undefined),
        ),
      ),
    );
    this.workers.length = 0;
  }

  private async process(job: Job): Promise<void> {
    const handler = this.registry.handlerFor(job.name);
    if (!handler) throw new UnrecoverableError(`No handler for the job ${job.name}`);
    await handler.handle(job.data as never, { run: job.attemptsMade + 1 });
  }
}
