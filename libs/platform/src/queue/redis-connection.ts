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
  private readonly extra: Redis[] = [];

  constructor(
    private readonly config: AppConfig,
    @Inject(AppLoggerToken) private readonly logger: AppLogger,
  ) {
    this.client = config.redisUrl
      ? new IORedis(config.redisUrl, { maxRetriesPerRequest: null, enableOfflineQueue: false, lazyConnect: false })
      : null;
    this.client?.on('error', (error: Error) => logger.warn({ err: { message: error.message } }, 'redis connection error'));
  }

  get configured(): boolean {
    return this.client !== null;
  }

  /**
   * Another connection to the same Redis, closed at shutdown: BullMQ wants
   * its own for queues and workers. For a producer (`offline: false`),
   * commands fail at once while Redis is unreachable instead of waiting,
   * so the caller can keep the work in PostgreSQL and try again later.
   */
  connect(purpose: 'producer' | 'worker'): Redis {
    if (!this.config.redisUrl) throw new Error('REDIS_URL is not set');
    const connection = new IORedis(this.config.redisUrl, {
      maxRetriesPerRequest: null,
      enableOfflineQueue: purpose === 'worker',
      connectionName: `tongban-${purpose}`,
    });
    connection.on('error', (error: Error) => this.logger.debug({ err: { message: error.message }, purpose }, 'redis connection error'));
    this.extra.push(connection);
    return connection;
  }

  /**
   * Whether Redis answers within a second. A connection still being made
   * (at start-up) is waited for within that second: commands sent before it
   * is ready would fail at once, as this connection queues none.
   */
  async state(): Promise<QueueState> {
    const client = this.client;
    if (!client) return 'inline';
    let onReady: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const ready =
        client.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => client.once('ready', (onReady = resolve)));
      const answer = await Promise.race([
        ready.then(() => client.ping()),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 1000))),
      ]);
      return answer === 'PONG' ? 'up' : 'down';
    } catch {
      return 'down';
    } finally {
      clearTimeout(timer);
      if (onReady) client.off('ready', onReady);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const connection of [...this.extra, this.client]) {
      if (!connection || connection.status === 'end') continue;
      // quit() waits for Redis; while it is unreachable, just drop the connection.
      if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect());
      else connection.disconnect();
    }
  }
}
