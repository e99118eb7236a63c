import fc from 'fast-check';
import { calendarDate } from './clock';

/** The date worked out afresh each time, with a formatter of its own. */
function reference(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

const ZONES = ['Asia/Shanghai', 'America/Los_Angeles', 'UTC', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Europe/London'];

describe('calendarDate', () => {
  it('gives the date in the clinic time zone, not UTC', () => {
    const instant = new Date('2026-03-01T23:00:00Z');
    expect(calendarDate(instant, 'Asia/Shanghai')).toBe('2026-03-02');
    expect(calendarDate(instant, 'America/Los_Angeles')).toBe('2026-03-01');
    expect(calendarDate(instant, 'UTC')).toBe('2026-03-01');
  });

  it('turns to the next day at the zone’s midnight, also when the instant before was asked within the same second', () => {
    expect(calendarDate(new Date('2026-03-01T15:59:59.000Z'), 'Asia/Shanghai')).toBe('2026-03-01');
    expect(calendarDate(new Date('2026-03-01T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-03-01');
    expect(calendarDate(new Date('2026-03-01T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-03-02');
    expect(calendarDate(new Date('2026-03-01T15:59:59.500Z'), 'Asia/Shanghai')).toBe('2026-03-01');
  });

  it('agrees with a formatter of its own for any instant and zone, asked in any order and again', () => {
    const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
    // Instants near one another too: the same second, and either side of a midnight.
    const nearby = fc.tuple(instant, fc.array(fc.integer({ min: -2_000, max: 2_000 }), { maxLength: 5 }));
    fc.assert(
      fc.property(nearby, fc.constantFrom(...ZONES), ([start, steps], zone) => {
        for (const at of [start, ...steps.map((ms) => new Date(start.getTime() + ms)), start]) {
          expect(calendarDate(at, zone)).toBe(reference(at, zone));
        }
      }),
    );
  });

  it('agrees with it in the seconds around each zone’s midnights', () => {
    /** The first instant of a day in the zone: the quarter hour of the UTC day (or the next) at which its date turns. */
    const midnightAfter = (dayMs: number, zone: string): number => {
      for (let quarter = 1; quarter <= 192; quarter++) {
        const at = dayMs + quarter * 900_000;
        if (reference(new Date(at - 1), zone) !== reference(new Date(at), zone)) return at;
      }
      throw new Error(`no midnight in ${zone} after ${new Date(dayMs).toISOString()}`);
    };
    const day = fc.integer({ min: 0, max: 47_000 }).map((days) => days * 86_400_000);
    fc.assert(
      fc.property(
        day,
        fc.constantFrom(...ZONES),
        fc.array(fc.integer({ min: -2_000, max: 2_000 }), { minLength: 1, maxLength: 8 }),
        (dayMs, zone, steps) => {
          const midnight = midnightAfter(dayMs, zone);
          for (const ms of steps) expect(calendarDate(new Date(midnight + ms), zone)).toBe(reference(new Date(midnight + ms), zone));
        },
      ),
    );
  });

  it('refuses an invalid date as the formatter does', () => {
    expect(() => calendarDate(new Date(Number.NaN), 'UTC')).toThrow(RangeError);
  });
});
