import { Clock } from '@tongban/platform';

/** A clock tests move instead of sleeping. It runs on from where it was set. */
export class TestClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  set(instant: Date | string): void {
    this.offsetMs = new Date(instant).getTime() - Date.now();
  }
}

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
