import { createHmac } from 'node:crypto';

/** The most tests a clinic may ask of each client a month (clinic setting `drugTestsPerMonth`). */
export const MAX_DRUG_TESTS_PER_MONTH = 8;

/** The number of days of a month `YYYY-MM`. */
export function daysInMonth(month: string): number {
  const [year, monthNumber] = month.split('-').map(Number);
  return new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
}

/**
 * The days of `month` (`YYYY-MM`) on which a client is asked for a random
 * urine test: `perMonth` distinct days (at most the month's length), sorted.
 *
 * The choice is a keyed shuffle: HMAC-SHA256 under the clinic's secret of
 * (client id, month, draw number) gives the random numbers of a partial
 * Fisher–Yates shuffle of the month's days, each drawn without modulo bias
 * (rejection sampling). The same inputs give the same days on every read;
 * without the secret, the days of one month say nothing about another's, and
 * every day of the month is equally likely (so no weekday is favoured beyond
 * how often it occurs in the month).
 */
export function selectedTestDays(secret: Buffer, clientId: string, month: string, perMonth: number): string[] {
  if (!/^\d{4}-\d{2}$/.test(month)) throw new Error('month must be YYYY-MM');
  const length = daysInMonth(month);
  const count = Math.max(0, Math.min(Math.floor(perMonth), length));
  const days = Array.from({ length }, (_, index) => index + 1);
  const draws = randomWords(secret, `${clientId}|${month}`);
  for (let i = 0; i < count; i += 1) {
    const j = i + uniformBelow(length - i, draws);
    [days[i], days[j]] = [days[j], days[i]];
  }
  return days
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((day) => `${month}-${String(day).padStart(2, '0')}`);
}

/** An endless stream of 32-bit words: HMAC blocks of (label, block number), four bytes at a time. */
function* randomWords(secret: Buffer, label: string): Generator<number, never> {
  for (let block = 0; ; block += 1) {
    const bytes = createHmac('sha256', secret).update(`${label}|${block}`).digest();
    for (let offset = 0; offset + 4 <= bytes.length; offset += 4) yield bytes.readUInt32BE(offset);
  }
}

/** A whole number in [0, bound) from the stream, without modulo bias. */
function uniformBelow(bound: number, words: Generator<number, never>): number {
  const range = 2 ** 32;
  const limit = range - (range % bound);
  for (;;) {
    const word = words.next().value;
    if (word < limit) return word % bound;
  }
}

/** What the due list says of one client on one day, or null when nothing is due. */
export type DueReason = { reason: 'selected' | 'overdue'; selectedOn: string } | null;

/**
 * Whether a client is due a test on `day`, from the month's selected days and
 * the days of the tests recorded for them this month: `selected` when `day` is
 * a selected day with no test on it; else `overdue` for the earliest selected
 * day before `day` with no test on or after it (up to `day`). Selected days
 * before `from` (the open episode's first day) are not the client's to meet.
 */
export function dueOn(day: string, selected: readonly string[], testDays: readonly string[], from: string): DueReason {
  const tested = (since: string): boolean => testDays.some((test) => test >= since && test <= day);
  if (day < from) return null;
  if (selected.includes(day) && !testDays.includes(day)) return { reason: 'selected', selectedOn: day };
  const missed = selected.find((selectedDay) => selectedDay < day && selectedDay >= from && !tested(selectedDay));
  return missed ? { reason: 'overdue', selectedOn: missed } : null;
}
