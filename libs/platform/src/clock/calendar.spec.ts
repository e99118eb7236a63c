import fc from 'fast-check';
import { addDays, daysBetween } from './calendar';

const DAY_MS = 86_400_000;

/** The same arithmetic worked out afresh each time, through Date. */
const reference = {
  addDays: (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10),
  daysBetween: (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS),
};

const day = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

describe('calendar', () => {
  it('adds days across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(daysBetween('2026-12-01', '2026-12-07')).toBe(6);
    expect(daysBetween('2026-12-07', '2026-12-01')).toBe(-6);
  });

  it('agrees with Date on every date, also when the same dates come again', () => {
    fc.assert(
      fc.property(day, day, fc.integer({ min: -400, max: 400 }), (from, to, days) => {
        for (let again = 0; again < 2; again++) {
          expect(addDays(from, days)).toBe(reference.addDays(from, days));
          expect(daysBetween(from, to)).toBe(reference.daysBetween(from, to));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a date it cannot read, every time it is asked', () => {
    for (let again = 0; again < 2; again++) {
      expect(() => addDays('2026-13-01', 1)).toThrow(RangeError);
      expect(Number.isNaN(daysBetween('2026-12-01', 'not a day'))).toBe(true);
    }
  });
});
