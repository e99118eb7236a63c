import { addDays, daysBetween } from '@tongban/platform';
import { consecutiveMissedDays, coveredUntil, doseGate, flagFor, retitrationDay, takeHomeRefusal, todayAmounts } from './dosing-rules';

const thresholds = { missedDosesAssess: 3, missedDosesRetitrate: 5, dropoutDays: 30 };

describe('dosing rules', () => {
  it('does not count today as missed until it has ended', () => {
    expect(consecutiveMissedDays('2026-03-09', '2026-01-01', '2026-03-10', null)).toBe(0);
    expect(consecutiveMissedDays('2026-03-08', '2026-01-01', '2026-03-10', null)).toBe(1);
  });

  it('counts from the episode start when nothing is covered, the first day not being missed', () => {
    expect(consecutiveMissedDays(null, '2026-03-10', '2026-03-10', null)).toBe(0);
    expect(consecutiveMissedDays(null, '2026-03-10', '2026-03-11', null)).toBe(0);
    expect(consecutiveMissedDays(null, '2026-03-10', '2026-03-14', null)).toBe(3);
  });

  it('ignores cover from before the episode began', () => {
    expect(consecutiveMissedDays('2025-12-01', '2026-03-10', '2026-03-14', null)).toBe(3);
  });

  it('raises the flags at the clinic thresholds', () => {
    expect(flagFor(2, thresholds)).toBe('ok');
    expect(flagFor(3, thresholds)).toBe('assess');
    expect(flagFor(5, thresholds)).toBe('retitrate');
    expect(flagFor(30, thresholds)).toBe('dropped_out');
    expect(flagFor(7, { ...thresholds, dropoutDays: 7 })).toBe('dropped_out');
  });

  it('dates the re-titration threshold on the day the fifth day was missed', () => {
    expect(retitrationDay('2026-03-01', '2026-01-01', null, thresholds)).toBe('2026-03-06');
    expect(consecutiveMissedDays('2026-03-01', '2026-01-01', '2026-03-07', null)).toBe(5);
  });

  it('counts missed days from the later of the episode start and the registration day while nothing is covered', () => {
    expect(consecutiveMissedDays(null, '2026-01-01', '2026-07-20', '2026-07-20')).toBe(0);
    expect(consecutiveMissedDays(null, '2026-01-01', '2026-07-24', '2026-07-20')).toBe(3);
    expect(consecutiveMissedDays(null, '2026-03-10', '2026-03-14', '2026-03-01')).toBe(3);
    // A dose of the episode before registration (imported history) counts from itself.
    expect(consecutiveMissedDays('2026-06-10', '2026-01-01', '2026-07-20', '2026-07-20')).toBe(39);
    expect(retitrationDay(null, '2026-01-01', '2026-07-20', thresholds)).toBe('2026-07-25');
  });

  it('suspends the order after the threshold until one takes effect on or after the day the fifth day was missed, and asks an assessment either way', () => {
    const gate = (effective: string | null) => doseGate('retitrate', effective, '2026-03-01', '2026-01-01', null, thresholds);
    expect(gate('2026-02-01')).toEqual({ orderSuspended: true, assessmentRequired: true });
    expect(gate('2026-03-05')).toEqual({ orderSuspended: true, assessmentRequired: true });
    expect(gate('2026-03-06')).toEqual({ orderSuspended: false, assessmentRequired: true });
    expect(doseGate('assess', '2026-01-01', '2026-03-01', '2026-01-01', null, thresholds)).toEqual({
      orderSuspended: false,
      assessmentRequired: true,
    });
    expect(doseGate('ok', '2026-01-01', '2026-03-01', '2026-01-01', null, thresholds)).toEqual({
      orderSuspended: false,
      assessmentRequired: false,
    });
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

describe('the day at the window', () => {
  it('gives the last day of the covered run that includes the day, or null', () => {
    const doses = [
      { clinicDay: '2026-03-10', kind: 'observed' as const, coversDays: 0 },
      { clinicDay: '2026-03-10', kind: 'take_home' as const, coversDays: 2 },
      { clinicDay: '2026-03-13', kind: 'observed' as const, coversDays: 0 },
    ];
    expect(coveredUntil(doses, '2026-03-10')).toBe('2026-03-13');
    expect(coveredUntil(doses, '2026-03-12')).toBe('2026-03-13');
    expect(coveredUntil(doses, '2026-03-14')).toBeNull();
  });

  it('says what was given today and what remains under the order', () => {
    expect(todayAmounts({ doseMg: 60, splitDose: false }, [], false)).toEqual({ givenTodayMg: 0, remainingTodayMg: 60 });
    expect(todayAmounts({ doseMg: 60, splitDose: false }, [50], false)).toEqual({ givenTodayMg: 50, remainingTodayMg: 0 });
    expect(todayAmounts({ doseMg: 60, splitDose: true }, [25], false)).toEqual({ givenTodayMg: 25, remainingTodayMg: 35 });
    expect(todayAmounts({ doseMg: 60, splitDose: true }, [25, 30], false)).toEqual({ givenTodayMg: 55, remainingTodayMg: 0 });
    expect(todayAmounts({ doseMg: 60, splitDose: false }, [], true)).toEqual({ givenTodayMg: 0, remainingTodayMg: 0 });
    expect(todayAmounts(null, [], false)).toEqual({ givenTodayMg: 0, remainingTodayMg: 0 });
  });
});
