import { addDays } from '@tongban/platform';
import type { MeetingDay } from './entities/peer-group.entity';

/** Day of the week of a calendar date, in `Date#getUTCDay` order. */
const WEEKDAYS: readonly MeetingDay[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** The calendar dates from `from` to `until` (both included) that fall on `day`, in order; none when `until` is before `from`. */
export function weekdaysBetween(from: string, until: string, day: MeetingDay): string[] {
  const dates: string[] = [];
  for (let date = from; date <= until; date = addDays(date, 1)) {
    if (WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] === day) dates.push(date);
  }
  return dates;
}
