/**
 * Calendar days and wall-clock times in a given time zone. Staff work in
 * their clinic's zone, while a shared clinic PC or a phone may be set to
 * another one (UTC is common), so the device's zone cannot stand in for the
 * clinic's. A zone of `undefined` is the browser's own: the one an admin,
 * who has no clinic, works in.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/;

/** The parts of a wall-clock time, each as a plain number (`hourCycle` keeps midnight at 0, not 24). */
const WALL_CLOCK_PARTS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
};
/** One formatter per zone ('' for the browser's), as building one costs more than using it. */
const formats = new Map<string, Intl.DateTimeFormat>();

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `YYYY-MM-DDTHH:MM` on the wall clock of `timeZone` at `instant` (milliseconds). */
function wallClockAt(instant: number, timeZone: string | undefined): string {
  const key = timeZone ?? '';
  const format = formats.get(key) ?? new Intl.DateTimeFormat('en-US', { ...WALL_CLOCK_PARTS, timeZone });
  formats.set(key, format);
  const parts = new Map(format.formatToParts(instant).map((part) => [part.type, Number(part.value)]));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.get(type) ?? 0;
  return `${pad(part('year'), 4)}-${pad(part('month'))}-${pad(part('day'))}T${pad(part('hour'))}:${pad(part('minute'))}`;
}

/** How many minutes the wall clock of `timeZone` is ahead of UTC at `instant` (east positive). */
function offsetMinutes(instant: number, timeZone: string | undefined): number {
  const minute = Math.floor(instant / MINUTE_MS) * MINUTE_MS;
  return Math.round((Date.parse(`${wallClockAt(minute, timeZone)}Z`) - minute) / MINUTE_MS);
}

/** Today's calendar date (`YYYY-MM-DD`) in `timeZone`: what date fields default to and future days are measured from. */
export function todayIso(timeZone: string | undefined, now = Date.now()): string {
  return wallClockAt(now, timeZone).slice(0, 10);
}

/** `YYYY-MM-DD` plus `days` (may be negative), as calendar arithmetic. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * A wall-clock time as a `datetime-local` field holds it (`YYYY-MM-DDTHH:MM`),
 * read in `timeZone`, as an ISO 8601 instant with that zone's offset at the
 * time: `2025-07-01T10:00` in America/Los_Angeles is `2025-07-01T10:00:00-07:00`.
 * Around a daylight-saving change it chooses as Temporal's "compatible" option
 * does, so nobody is asked to pick an offset: a time the clock shows twice is
 * the first of the two; a time the clock skips moves forward by the gap
 * (02:30 on the night of the spring change is 03:30). Undefined for anything
 * that is not such a time.
 */
export function wallClockToInstant(value: string, timeZone: string | undefined): string | undefined {
  const match = WALL_CLOCK.exec(value);
  if (!match) return undefined;
  const local = match[0];
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Refuses dates such as 2025-02-30 and hours such as 24:00, which Date.UTC would roll over.
  if (new Date(asUtc).toISOString().slice(0, 16) !== local) return undefined;
  // The zone's offsets a day either side: a time near a change fits one, both (shown twice) or neither (skipped).
  const offsetBefore = offsetMinutes(asUtc - DAY_MS, timeZone);
  const offsetAfter = offsetMinutes(asUtc + DAY_MS, timeZone);
  const fitting = [offsetBefore, offsetAfter]
    .map((offset) => asUtc - offset * MINUTE_MS)
    .filter((instant) => wallClockAt(instant, timeZone) === local);
  const instant = fitting.length > 0 ? Math.min(...fitting) : asUtc - offsetBefore * MINUTE_MS;
  const offset = offsetMinutes(instant, timeZone);
  const abs = Math.abs(offset);
  const shown = new Date(instant + offset * MINUTE_MS).toISOString().slice(0, 16);
  return `${shown}:00${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** A wall-clock value as the date-and-time field holds it, in its two halves; either may be empty while being filled in. */
export interface WallClockParts {
  date: string;
  time: string;
}

/** `YYYY-MM-DDTHH:MM` (or a half-filled `YYYY-MM-DDT` / `THH:MM`) as its date and time; anything else as empty halves. */
export function splitWallClock(value: string): WallClockParts {
  const match = /^(\d{4}-\d{2}-\d{2})?T(\d{2}:\d{2})?(?::\d{2})?$/.exec(value);
  return { date: match?.[1] ?? '', time: match?.[2] ?? '' };
}

/**
 * The two halves as one `YYYY-MM-DDTHH:MM` value for `wallClockToInstant`; a
 * half alone keeps its place (`2026-01-05T`, `T09:30`) so that the form sees
 * an incomplete time rather than none, and both empty are `''`.
 */
export function joinWallClock({ date, time }: WallClockParts): string {
  return date || time ? `${date}T${time}` : '';
}
