import { Global, Module } from '@nestjs/common';
import { JobRegistry } from './job-registry';
import { QueueProducer } from './queue-producer';
import { QueueWorkerHost } from './queue-worker-host';
import { RedisConnection } from './redis-connection';

/** The Redis connection, the queues and the job handlers of a process. */
@Global()
@Module({
  providers: [RedisConnection, JobRegistry, QueueProducer, QueueWorkerHost],
  exports: [RedisConnection, JobRegistry, QueueProducer, QueueWorkerHost],
})
export class QueueModule {}
