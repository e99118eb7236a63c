/**
 * The one source of "now" for every rule that depends on time (clinic days,
 * consent validity, emergency access). Tests pass a clock they can move.
 */
export abstract class Clock {
  abstract now(): Date;

  /** The calendar date (YYYY-MM-DD) in `timeZone` at this moment. */
  today(timeZone: string): string {
    return calendarDate(this.now(), timeZone);
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a time zone, as YYYY-MM-DD. */
export function calendarDate(instant: Date, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format.format(instant);
}
