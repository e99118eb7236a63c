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

/** A time zone's formatter, and the date it gave for the last whole second asked about. */
interface ZoneDates {
  format: Intl.DateTimeFormat;
  second: number;
  date: string;
}

const zones = new Map<string, ZoneDates>();

/**
 * The calendar date of an instant in a time zone, as YYYY-MM-DD. A zone's offset from UTC is a whole number of
 * seconds, so every instant of one second has the same date: ICU is asked once a second and zone (a request asks
 * several times, each asking about the same moment).
 */
export function calendarDate(instant: Date, timeZone: string): string {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = {
      format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
      second: NaN,
      date: '',
    };
    zones.set(timeZone, zone);
  }
  const second = Math.floor(instant.getTime() / 1000);
  if (second !== zone.second) {
    zone.date = zone.format.format(instant);
    zone.second = second;
  }
  return zone.date;
}
