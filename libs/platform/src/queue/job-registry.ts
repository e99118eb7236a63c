import { Injectable } from '@nestjs/common';
import { ConfigError } from '../config/app-config';
import { JobName, JobPayloads, QueueName } from './queue-names';

/** What a job's handler sees of it besides its data. */
export interface JobContext {
  /** 1 for the first run, 2 for the first retry, ... */
  run: number;
}

/**
 * One class per job with one `handle(data)`. It must be idempotent: a job may
 * run more than once (BullMQ delivers at least once). Throwing asks for a
 * retry with the queue's back-off; returning ends the job.
 */
export interface JobHandler<N extends JobName = JobName> {
  readonly jobName: N;
  handle(data: JobPayloads[N], context: JobContext): Promise<void>;
}

/** How a queue's jobs are worked off. */
export interface QueueWorkerOptions {
  concurrency: number;
  /** BullMQ's job lock: a worker that died is noticed after about this long. */
  lockMs: number;
}

/**
 * Which handler runs each job, and how each queue is worked. Areas register
 * their handlers when their module starts; the worker refuses to start when
 * a job has no handler (and registering a second one for a job throws).
 */
@Injectable()
export class JobRegistry {
  private readonly handlers = new Map<JobName, JobHandler>();
  private readonly queues = new Map<QueueName, QueueWorkerOptions>();

  register<N extends JobName>(handler: JobHandler<N>): void {
    if (this.handlers.has(handler.jobName)) throw new ConfigError(`Two handlers for the job ${handler.jobName}`);
    this.handlers.set(handler.jobName, handler);
  }

  configureQueue(queue: QueueName, options: QueueWorkerOptions): void {
    this.queues.set(queue, options);
  }

  handlerFor(name: string): JobHandler | undefined {
    return this.handlers.get(name as JobName);
  }

  queueOptions(queue: QueueName): QueueWorkerOptions {
    return this.queues.get(queue) ?? { concurrency: 1, lockMs: 30_000 };
  }

  /** Throws unless every job has exactly one handler. */
  assertComplete(): void {
    const missing = Object.values(JobName).filter((name) => !this.handlers.has(name));
    if (missing.length > 0) throw new ConfigError(`No handler for the job(s) ${missing.join(', ')}`);
  }
}
