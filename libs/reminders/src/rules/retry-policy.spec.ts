import { backoffMs, decideRetry, MAX_BACKOFF_MS, MIN_ATTEMPTS, usefulUntil } from './retry-policy';

const at = (iso: string) => new Date(iso);
const MINUTE = 60_000;

describe('retry policy', () => {
  it('backs off from the first delay, doubling, capped at 30 minutes', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, 5000))).toEqual([5000, 10_000, 20_000, 40_000, 80_000]);
    expect(backoffMs(10, 5000)).toBe(MAX_BACKOFF_MS);
    expect(backoffMs(1000, 5000)).toBe(MAX_BACKOFF_MS);
  });

  it('is useful until the event begins, and at most 24 hours after it was due', () => {
    expect(usefulUntil(at('2026-01-01T10:00:00Z'), null)).toEqual(at('2026-01-02T10:00:00Z'));
    expect(usefulUntil(at('2026-01-01T10:00:00Z'), at('2026-01-01T15:00:00Z'))).toEqual(at('2026-01-01T15:00:00Z'));
    expect(usefulUntil(at('2026-01-01T10:00:00Z'), at('2026-01-05T15:00:00Z'))).toEqual(at('2026-01-02T10:00:00Z'));
  });

  it('keeps retrying a reminder with no event for about 24 hours, then fails it', () => {
    const due = at('2026-01-01T10:00:00Z');
    const useful = usefulUntil(due, null);
    let now = due;
    let attempt = 1;
    for (;;) {
      const decision = decideRetry(attempt, now, useful, 5000);
      if (decision.action === 'fail') break;
      expect(decision.at.getTime() - now.getTime()).toBeLessThanOrEqual(MAX_BACKOFF_MS);
      now = decision.at;
      attempt += 1;
    }
    expect(attempt).toBeGreaterThan(MIN_ATTEMPTS);
    expect(useful.getTime() - now.getTime()).toBeLessThanOrEqual(MAX_BACKOFF_MS);
    expect(now.getTime() - due.getTime()).toBeGreaterThan(23 * 60 * MINUTE);
  });

  it('makes at least five attempts while the reminder is useful, even when the event is near', () => {
    const now = at('2026-01-01T10:00:00Z');
    const useful = new Date(now.getTime() + 30_000);
    for (let attempt = 1; attempt < MIN_ATTEMPTS; attempt++) expect(decideRetry(attempt, now, useful, 5000).action).toBe('retry');
    expect(decideRetry(MIN_ATTEMPTS, now, useful, 5000)).toEqual({ action: 'fail' });
  });

  it('fails at once a reminder whose event has begun', () => {
    const now = at('2026-01-01T10:00:00Z');
    expect(decideRetry(1, now, now, 5000)).toEqual({ action: 'fail' });
  });
});
