import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LoginThrottle } from './entities/login-throttle.entity';

/** At most this many failures for one username within the window... */
export const MAX_FAILURES = 10;
/** ...and this long a window, and this long a lock afterwards. */
export const WINDOW_MINUTES = 15;

@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The end of the lock on this key, if it is locked now. */
  async lockedUntil(key: string): Promise<Date | null> {
    const row = await this.dataSource.getRepository(LoginThrottle).findOneBy({ key });
    return row?.lockedUntil && row.lockedUntil.getTime() > Date.now() ? row.lockedUntil : null;
  }

  /** Counts a failure; the failure that reaches the limit locks the key for the window. */
  async recordFailure(key: string): Promise<void> {
    const fresh = `login_throttle.window_started_at < now() - interval '${WINDOW_MINUTES} minutes'`;
    const failures = `CASE WHEN ${fresh} THEN 1 ELSE login_throttle.failures + 1 END`;
    await this.dataSource.query(
      `INSERT INTO login_throttle (key, failures, window_started_at, locked_until) VALUES ($1, 1, now(), NULL)
       ON CONFLICT (key) DO UPDATE SET
         failures = ${failures},
         window_started_at = CASE WHEN ${fresh} THEN now() ELSE login_throttle.window_started_at END,
         locked_until = CASE WHEN ${failures} >= ${MAX_FAILURES} THEN now() + interval '${WINDOW_MINUTES} minutes' ELSE NULL END`,
      [key],
    );
  }

  async clear(key: string): Promise<void> {
    await this.dataSource.getRepository(LoginThrottle).delete({ key });
  }
}
