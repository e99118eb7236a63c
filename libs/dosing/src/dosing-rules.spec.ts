import { addDays, daysBetween } from '@tongban/platform';
import { consecutiveMissedDays, flagFor, retitrationDay } from './dosing-rules';

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
