import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { JobsOptions, Queue, RepeatOptions } from 'bullmq';
import { JobName, JobPayloads, QUEUE_OF, QueueName } from './queue-names';
import { RedisConnection } from './redis-connection';
import { within } from './within';

/** BullMQ waits for Redis rather than failing; a producer waits this long, then reports Redis unreachable. */
const COMMAND_TIMEOUT_MS = 5000;

export interface JobToAdd<N extends JobName> {
  name: N;
  data: JobPayloads[N];
  /** Stable, without ':' (a duplicate id is ignored while the earlier job exists). */
  jobId: string;
  opts?: Omit<JobsOptions, 'jobId'>;
}

/**
 * Adds jobs to the queues (REDIS_URL only). While Redis is unreachable its
 * calls fail (at once, or after {@link COMMAND_TIMEOUT_MS}), so callers notice
 * and keep the work where it is (for reminders: in PostgreSQL).
 */
@Injectable()
export class QueueProducer implements BeforeApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly redis: RedisConnection) {}

  async addBulk<N extends JobName>(jobs: Array<JobToAdd<N>>): Promise<void> {
    const byQueue = new Map<QueueName, Array<JobToAdd<N>>>();
    for (const job of jobs) {
      if (job.jobId.includes(':')) throw new Error(`A job id may not contain ':' (${job.jobId})`);
      const queue = QUEUE_OF[job.name];
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), job]);
    }
    for (const [queue, queued] of byQueue) {
      await within(
        this.queue(queue).addBulk(queued.map((job) => ({ name: job.name, data: job.data, opts: { ...job.opts, jobId: job.jobId } }))),
        COMMAND_TIMEOUT_MS,
        'Redis did not take the jobs in time',
      );
    }
  }

  /** Creates or updates a job scheduler (repeating job); idempotent, so every worker may call it at start-up. */
  async upsertScheduler<N extends JobName>(
    schedulerId: string,
    repeat: Omit<RepeatOptions, 'key'>,
    job: { name: N; data: JobPayloads[N]; opts?: Omit<JobsOptions, 'jobId' | 'repeat' | 'delay' | 'deduplication'> },
  ): Promise<void> {
    await within(
      this.queue(QUEUE_OF[job.name]).upsertJobScheduler(schedulerId, repeat, job),
      COMMAND_TIMEOUT_MS,
      'Redis did not answer in time',
    );
  }

  /** Jobs waiting, delayed or running, by state (for benchmarks and operators). */
  async counts(queue: QueueName): Promise<Record<string, number>> {
    return within(
      this.queue(queue).getJobCounts('wait', 'active', 'delayed', 'completed', 'failed', 'prioritized'),
      COMMAND_TIMEOUT_MS,
      'Redis did not answer in time',
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => within(queue.close(), 2000, 'queue close').catch(() => undefined)));
    this.queues.clear();
  }

  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis.connect('producer') });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }
}
