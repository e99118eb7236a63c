import { ConfigError } from '@tongban/platform';

/** How often the queue runs a delivery job again when another run holds its reminder (not the reminder's own retries: `rules/retry-policy.ts`). */
export const JOB_ATTEMPTS = 5;

/**
 * The reminders area's own knobs, read from the environment once at start-up
 * (all optional; the defaults are what production wants). Tests shorten the
 * delays instead of waiting for them.
 *
 * | variable | meaning | default |
 * |---|---|---|
 * | `REMINDER_RETRY_DELAY_MS` | first back-off after a failed attempt (then ×2 each time, at most 30 minutes; `rules/retry-policy.ts`) | 5000 |
 * | `REMINDER_POLL_MS` | how often due reminders are looked for; 0 = never by timer | 1000 |
 * | `REMINDER_REQUEUE_MS` | a reminder handed to the queue (or taken in-process) this long ago without an outcome is handed again: Redis lost it, or the process died; the job id and the claim make that harmless | 25000 |
 * | `REMINDER_LEASE_MS` | how long a delivery attempt in flight keeps others off the record | 20000 |
 * | `REMINDER_SEND_TIMEOUT_MS` | provider timeout (counts as a failed attempt, retried) | 10000 |
 * | `REMINDER_CONCURRENCY` | deliveries at once per process | 8 |
 * | `REMINDER_LOCK_MS` | BullMQ job lock; a worker that died is noticed after about this long | 30000 |
 * | `REMINDER_SWEEP_EVERY_MS` | how often the sweeps run (each is idempotent); 0 = never by timer | 3600000 |
 * | `REMINDER_DELIVERY_IN_API` | `1`: the API process delivers due reminders itself even with `REDIS_URL` (`npm start` sets it: one process runs everything); `0`: with `REDIS_URL` it only writes them and workers deliver (`npm run start:api`, docker compose) | `0` |
 */
export class ReminderSettings {
  retryDelayMs!: number;
  pollMs!: number;
  requeueMs!: number;
  leaseMs!: number;
  sendTimeoutMs!: number;
  concurrency!: number;
  lockMs!: number;
  sweepEveryMs!: number;
  deliverInApi!: boolean;

  static fromEnv(env: Record<string, string | undefined> = process.env): ReminderSettings {
    const settings = new ReminderSettings();
    settings.retryDelayMs = integer(env, 'REMINDER_RETRY_DELAY_MS', 5000, 1, 3_600_000);
    settings.pollMs = integer(env, 'REMINDER_POLL_MS', 1000, 0, 3_600_000);
    settings.requeueMs = integer(env, 'REMINDER_REQUEUE_MS', 25_000, 1000, 86_400_000);
    settings.leaseMs = integer(env, 'REMINDER_LEASE_MS', 20_000, 1000, 3_600_000);
    settings.sendTimeoutMs = integer(env, 'REMINDER_SEND_TIMEOUT_MS', 10_000, 100, 300_000);
    settings.concurrency = integer(env, 'REMINDER_CONCURRENCY', 8, 1, 256);
    settings.lockMs = integer(env, 'REMINDER_LOCK_MS', 30_000, 1000, 3_600_000);
    settings.sweepEveryMs = integer(env, 'REMINDER_SWEEP_EVERY_MS', 3_600_000, 0, 86_400_000);
    settings.deliverInApi = integer(env, 'REMINDER_DELIVERY_IN_API', 0, 0, 1) === 1;
    if (settings.leaseMs <= settings.sendTimeoutMs) {
      throw new ConfigError('Invalid configuration: REMINDER_LEASE_MS must be longer than REMINDER_SEND_TIMEOUT_MS');
    }
    return settings;
  }
}

function integer(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`Invalid configuration: ${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}
