import { addDays, daysBetween } from '@tongban/platform';
import { consecutiveMissedDays, flagFor, retitrationDay, takeHomeRefusal } from './dosing-rules';

const thresholds = { missedDosesAssess: 3, missedDosesRetitrate: 5, dropoutDays: 30 };

describe('dosing rules', () => {
  it('does not count today as missed until it has ended', () => {
    expect(consecutiveMissedDays('2026-03-09', '2026-01-01', '2026-03-10')).toBe(0);
    expect(consecutiveMissedDays('2026-03-08', '2026-01-01', '2026-03-10')).toBe(1);
  });

  it('counts from the episode start when nothing is covered, the first day not being missed', () => {
    expect(consecutiveMissedDays(null, '2026-03-10', '2026-03-10')).toBe(0);
    expect(consecutiveMissedDays(null, '2026-03-10', '2026-03-11')).toBe(0);
    expect(consecutiveMissedDays(null, '2026-03-10', '2026-03-14')).toBe(3);
  });

  it('ignores cover from before the episode began', () => {
    expect(consecutiveMissedDays('2025-12-01', '2026-03-10', '2026-03-14')).toBe(3);
  });

  it('raises the flags at the clinic thresholds', () => {
    expect(flagFor(2, thresholds)).toBe('ok');
    expect(flagFor(3, thresholds)).toBe('assess');
    expect(flagFor(5, thresholds)).toBe('retitrate');
    expect(flagFor(30, thresholds)).toBe('dropped_out');
    expect(flagFor(7, { ...thresholds, dropoutDays: 7 })).toBe('dropped_out');
  });

  it('dates the re-titration threshold the day the fifth missed day has passed', () => {
    expect(retitrationDay('2026-03-01', '2026-01-01', thresholds)).toBe('2026-03-07');
    expect(consecutiveMissedDays('2026-03-01', '2026-01-01', '2026-03-07')).toBe(5);
  });

  it('does calendar arithmetic across months and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
  });
});

describe('the take-home rule', () => {
  const observed = (clinicDay: string) => ({ clinicDay, kind: 'observed' as const, coversDays: 0 });
  const takeHome = (clinicDay: string, coversDays: number) => ({ clinicDay, kind: 'take_home' as const, coversDays });

  it('allows a dispense for uncovered days within the weekly limit', () => {
    expect(takeHomeRefusal([observed('2026-03-10')], '2026-03-10', 2, 2)).toBeNull();
  });

  it('refuses a second dispense on the same clinic day', () => {
    expect(takeHomeRefusal([takeHome('2026-03-10', 1)], '2026-03-10', 1, 6)).toEqual({ code: 'already_given' });
  });

  it('refuses a dispense covering a day an observed dose or an earlier dispense covers', () => {
    expect(takeHomeRefusal([observed('2026-03-12')], '2026-03-10', 3, 6)).toEqual({ code: 'overlap', day: '2026-03-12' });
    expect(takeHomeRefusal([takeHome('2026-03-09', 2)], '2026-03-10', 1, 6)).toEqual({ code: 'overlap', day: '2026-03-11' });
  });

  it('holds the take-home days of any 7-day window to the order, across several dispenses', () => {
    const earlier = [takeHome('2026-03-09', 1), takeHome('2026-03-11', 1)];
    expect(takeHomeRefusal(earlier, '2026-03-13', 1, 2)).toEqual({ code: 'weekly_limit', from: expect.any(String) });
    expect(takeHomeRefusal(earlier, '2026-03-13', 1, 3)).toBeNull();
    // A week later the window has moved on.
    expect(takeHomeRefusal(earlier, '2026-03-18', 1, 2)).toBeNull();
  });
});
