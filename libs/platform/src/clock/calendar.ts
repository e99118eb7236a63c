/** Calendar arithmetic on `YYYY-MM-DD` dates (clinic days), free of time zones. */
const DAY_MS = 86_400_000;

/**
 * Dates already converted, both ways. A list of the dispensing window works
 * out several dates for each of its clients, nearly all of them the same few
 * days: parsing and formatting each again was a tenth of such a read's CPU.
 * Each map is emptied when it reaches its bound.
 */
const CACHED = 4096;
const epochDays = new Map<string, number>();
const dates = new Map<number, string>();

function epochDay(date: string): number {
  let day = epochDays.get(date);
  if (day === undefined) {
    day = Date.parse(`${date}T00:00:00Z`) / DAY_MS;
    if (Number.isNaN(day)) return day;
    if (epochDays.size >= CACHED) epochDays.clear();
    epochDays.set(date, day);
  }
  return day;
}

function dateOf(day: number): string {
  let date = dates.get(day);
  if (date === undefined) {
    // Throws for a day that is no date (an unreadable `date` given to addDays), as before.
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dates.size >= CACHED) dates.clear();
    dates.set(day, date);
  }
  return date;
}

/** The calendar date `days` after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return dateOf(epochDay(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round(epochDay(to) - epochDay(from));
}
