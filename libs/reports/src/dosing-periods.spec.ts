import { dosingPeriods, periodOf } from './dosing-periods';
import { DosingDay } from './reports.types';

const day = (date: string, census: number, doses: number, missed: number | null, mg = 0): DosingDay => ({
  day: date,
  census,
  doses,
  covered: missed === null ? doses : census - missed,
  missed,
  missedRate: missed === null || census === 0 ? null : missed / census,
  dispensedMg: mg,
});

describe('dosing periods', () => {
  it('keys a day by its ISO week (Monday) or month', () => {
    expect(periodOf('2026-06-28', 'week')).toBe('2026-06-22'); // a Sunday
    expect(periodOf('2026-06-29', 'week')).toBe('2026-06-29'); // a Monday
    expect(periodOf('2026-01-01', 'week')).toBe('2025-12-29');
    expect(periodOf('2026-06-28', 'month')).toBe('2026-06');
    expect(periodOf('2026-06-28', 'day')).toBe('2026-06-28');
  });

  it('sums doses and mg, averages the census and rates only the ended days', () => {
    const periods = dosingPeriods(
      [
        day('2026-06-27', 2, 2, 0, 120),
        day('2026-06-28', 4, 3, 1, 180),
        day('2026-06-29', 4, 4, 0, 240),
        day('2026-06-30', 4, 1, null, 60),
      ],
      'week',
    );
    expect(periods).toEqual([
      {
        period: '2026-06-22',
        from: '2026-06-27',
        to: '2026-06-28',
        days: 2,
        census: 3,
        clientDays: 6,
        doses: 5,
        missed: 1,
        missedRate: 1 / 6,
        dispensedMg: 300,
      },
      {
        period: '2026-06-29',
        from: '2026-06-29',
        to: '2026-06-30',
        days: 2,
        census: 4,
        clientDays: 8,
        doses: 5,
        missed: 0,
        missedRate: 0,
        dispensedMg: 300,
      },
    ]);
    expect(dosingPeriods([day('2026-06-30', 4, 1, null)], 'month')[0]).toMatchObject({ period: '2026-06', missed: null, missedRate: null });
  });
});
