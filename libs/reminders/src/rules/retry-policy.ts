/** Attempts a reminder gets at the least before it may be `failed` for retryable errors (api.md, "Reminders"). */
export const MIN_ATTEMPTS = 5;
/** The longest wait between two attempts. */
export const MAX_BACKOFF_MS = 30 * 60_000;
/** A reminder is useful for at most this long after it was due. */
export const USEFUL_FOR_MS = 24 * 60 * 60_000;

export type RetryDecision = { action: 'retry'; at: Date } | { action: 'fail' };

/** The wait after attempt `attempt` (1-based) failed: `firstDelayMs`, doubled each time, at most 30 minutes. */
export function backoffMs(attempt: number, firstDelayMs: number): number {
  return Math.min(MAX_BACKOFF_MS, firstDelayMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
}

/** Until when sending is still worth it: its event's start, and at most 24 hours after it was due. */
export function usefulUntil(scheduledFor: Date, eventStart: Date | null): Date {
  const limit = scheduledFor.getTime() + USEFUL_FOR_MS;
  return new Date(eventStart ? Math.min(limit, eventStart.getTime()) : limit);
}

/**
 * After a retryable failure of attempt `attempt`: try again after the
 * back-off, at least {@link MIN_ATTEMPTS} times and for as long as the
 * reminder is useful; then `failed`. A reminder no longer useful fails at once.
 */
export function decideRetry(attempt: number, now: Date, useful: Date, firstDelayMs: number): RetryDecision {
  if (now.getTime() >= useful.getTime()) return { action: 'fail' };
  const at = new Date(now.getTime() + backoffMs(attempt, firstDelayMs));
  if (attempt >= MIN_ATTEMPTS && at.getTime() >= useful.getTime()) return { action: 'fail' };
  return { action: 'retry', at };
}
