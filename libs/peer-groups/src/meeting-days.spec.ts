import { weekdaysBetween } from './meeting-days';

describe('weekdaysBetween', () => {
  it('gives every Tuesday of a range, both ends included', () => {
    // 2026-12-01 is a Tuesday.
    expect(weekdaysBetween('2026-12-01', '2026-12-29', 'tuesday')).toEqual([
      '2026-12-01',
      '2026-12-08',
      '2026-12-15',
      '2026-12-22',
      '2026-12-29',
    ]);
  });

  it('crosses a month and a year end', () => {
    expect(weekdaysBetween('2026-12-28', '2027-01-12', 'sunday')).toEqual(['2027-01-03', '2027-01-10']);
  });

  it('gives a day of a one-day range only when it is that weekday', () => {
    expect(weekdaysBetween('2026-12-06', '2026-12-06', 'sunday')).toEqual(['2026-12-06']);
    expect(weekdaysBetween('2026-12-06', '2026-12-06', 'monday')).toEqual([]);
  });

  it('gives nothing when the range ends before it starts', () => {
    expect(weekdaysBetween('2026-12-10', '2026-12-01', 'thursday')).toEqual([]);
  });

  it('gives each weekday exactly four times in 28 days', () => {
    for (const day of ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const) {
      expect(weekdaysBetween('2026-02-01', '2026-02-28', day)).toHaveLength(4);
    }
  });
});
