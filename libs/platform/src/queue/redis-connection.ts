import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import IORedis, { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { AppLoggerToken } from '../logging/logger.token';
import type { AppLogger } from '../logging/logger';

export type QueueState = 'up' | 'down' | 'inline';

/**
 * The Redis connection that carries queued work, when REDIS_URL is set.
 * Without it, work is done in-process ("inline").
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  readonly client: Redis | null;

  constructor(config: AppConfig, @Inject(AppLoggerToken) logger: AppLogger) {
    this.client = config.redisUrl
      ? new IORedis(config.redisUrl, { maxRetriesPerRequest: null, enableOfflineQueue: false, lazyConnect: false })
      : null;
    this.client?.on('error', (error: Error) => logger.warn({ err: { message: error.message } }, 'redis connection error'));
  }

  async state(): Promise<QueueState> {
    if (!this.client) return 'inline';
    try {
      const answer = await Promise.race([
        this.client.ping(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref()),
      ]);
      return answer === 'PONG' ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client && this.client.status !== 'end') {
      await this.client.quit().catch(() => this.client?.disconnect());
    }
  }
}
