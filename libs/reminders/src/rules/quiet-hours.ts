import { addDays } from '@tongban/platform';
import { localParts, minutesOf, zonedInstant } from './zoned-time';

export interface QuietHours {
  timeZone: string;
  /** HH:MM in the clinic's time zone; may be later than `end` (the quiet hours wrap midnight). */
  start: string;
  end: string;
}

/**
 * When the quiet hours that `now` falls in end, or null when `now` is not in
 * quiet hours. Start and end equal means no quiet hours. Start is inside the
 * quiet hours, end is not (21:00–08:00: 21:00 is quiet, 08:00 is not).
 */
export function quietHoursEnd(now: Date, quiet: QuietHours): Date | null {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const local = localParts(now, quiet.timeZone);
  const wraps = start > end;
  const inside = wraps ? local.minutes >= start || local.minutes < end : local.minutes >= start && local.minutes < end;
  if (!inside) return null;
  const endDay = local.minutes < end ? local.date : addDays(local.date, 1);
  return zonedInstant(endDay, quiet.end, quiet.timeZone);
}
