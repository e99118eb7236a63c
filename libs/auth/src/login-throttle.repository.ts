import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from '@tongban/platform';
import { DataSource } from 'typeorm';
import { LoginThrottle } from './entities/login-throttle.entity';

/** At most this many failures for one username within the window... */
export const MAX_FAILURES = 10;
/** ...and this long a window, and this long a lock afterwards. */
export const WINDOW_MINUTES = 15;

@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims one attempt for `key` before its password is checked, in one
   * atomic statement, so the limit holds under concurrency and across API
   * processes: each attempt counts as a failure until it succeeds (which
   * clears the key). The attempt that reaches {@link MAX_FAILURES} locks the
   * key for the window; later ones are refused (`allowed: false`) without a
   * check. A lock or window that has run out starts the count again.
   */
  async claimAttempt(key: string): Promise<{ allowed: boolean; lockedUntil: Date | null }> {
    const windowLength = `${WINDOW_MINUTES} minutes`;
    const expired = sql`(login_throttle.locked_until IS NOT NULL AND login_throttle.locked_until <= now())
      OR (login_throttle.locked_until IS NULL AND login_throttle.window_started_at < now() - ${windowLength}::interval)`;
    const failures = sql`CASE WHEN ${expired} THEN 1 ELSE login_throttle.failures + 1 END`;
    const row = await sql`INSERT INTO login_throttle (key, failures, window_started_at, locked_until) VALUES (${key}, 1, now(), NULL)
       ON CONFLICT (key) DO UPDATE SET
         failures = ${failures},
         window_started_at = CASE WHEN ${expired} THEN now() ELSE login_throttle.window_started_at END,
         locked_until = CASE
           WHEN ${failures} < ${MAX_FAILURES}::int THEN NULL
           WHEN login_throttle.locked_until > now() THEN login_throttle.locked_until
           ELSE now() + ${windowLength}::interval END
       RETURNING failures, locked_until`.one<{ failures: number; lockedUntil: Date | null }>(this.dataSource);
    return { allowed: row.failures <= MAX_FAILURES, lockedUntil: row.lockedUntil === null ? null : new Date(row.lockedUntil) };
  }

  async clear(key: string): Promise<void> {
    await this.dataSource.getRepository(LoginThrottle).delete({ key });
  }
}
