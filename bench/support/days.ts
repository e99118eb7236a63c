import { calendarDate } from '@tongban/platform/clock/clock';

const DAY_MS = 86_400_000;

/** Today (YYYY-MM-DD) in a time zone, the way Tongban's clock computes a clinic day. */
export function todayIn(timeZone: string, at = new Date()): string {
  return calendarDate(at, timeZone);
}

/** The calendar date `days` after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Minutes until the next midnight in a time zone (a run must not cross a clinic day). */
export function minutesToMidnight(timeZone: string, at = new Date()): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const hour = Number(parts.find((part) => part.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((part) => part.type === 'minute')?.value ?? 0);
  return 24 * 60 - (hour * 60 + minute);
}
