// The web app's own type-check (tsc -p apps/web) has no Jest globals, so they are imported.
import { describe, expect, it } from '@jest/globals';
import { ageOn, blockerOf, flaggedFirst, mergeMatches, narrowLocally, withFreshStatus, type WindowItem } from './window-item';

function item(code: string, fields: Partial<WindowItem> = {}): WindowItem {
  const base: WindowItem = {
    clientId: code,
    code,
    preferredName: null,
    givenName: 'Given',
    familyName: 'Family',
    dateOfBirth: '1980-05-17',
    hasPhoto: false,
    flag: 'ok',
    consecutiveMissedDays: 0,
    activeOrder: { id: 'o', doseMg: 60, effectiveDate: '2026-01-01', splitDose: false, takeHomeDaysPerWeek: 0, note: null },
    orderSuspended: false,
    assessmentRequired: false,
    givenTodayMg: 0,
    remainingTodayMg: 60,
    dosed: false,
    coveredUntil: null,
    drugTestDue: false,
    guest: null,
    guestAt: null,
  };
  return { ...base, ...fields };
}

describe('the dosing window list', () => {
  it('puts re-titration first, then assessment, then the rest in the order the API gave', () => {
    const list = [item('A'), item('B', { flag: 'assess' }), item('C', { flag: 'retitrate' }), item('D'), item('E', { flag: 'assess' })];
    expect(flaggedFirst(list).map((i) => i.code)).toEqual(['C', 'B', 'E', 'A', 'D']);
  });

  it('finds a client by the number of the code, an exact number first', () => {
    const list = [item('KM01-000120'), item('KM01-000012'), item('KM01-000121', { preferredName: 'Ming' })];
    expect(narrowLocally(list, '12').map((i) => i.code)).toEqual(['KM01-000012', 'KM01-000120', 'KM01-000121']);
    expect(narrowLocally(list, 'min').map((i) => i.code)).toEqual(['KM01-000121']);
  });

  it('adds the clients only the API search found after the local matches, once each', () => {
    const a = item('A');
    const b = item('B');
    expect(mergeMatches([a], [b, a]).map((i) => i.code)).toEqual(['A', 'B']);
    expect(mergeMatches([a], undefined)).toEqual([a]);
  });

  it('counts age in full years on the clinic day', () => {
    expect(ageOn('1980-05-17', '2026-05-16')).toBe(45);
    expect(ageOn('1980-05-17', '2026-05-17')).toBe(46);
  });

  it('states what blocks a dose from the fields the API sends', () => {
    expect(blockerOf(item('A', { flag: 'dropped_out' }))).toBe('dropped_out');
    expect(blockerOf(item('A', { orderSuspended: true }))).toBe('suspended');
    expect(blockerOf(item('A', { activeOrder: null }))).toBe('no_order');
    expect(blockerOf(item('A', { dosed: true }))).toBe('dosed');
    const split = { id: 'o', doseMg: 60, effectiveDate: '2026-01-01', splitDose: true, takeHomeDaysPerWeek: 0, note: null };
    expect(blockerOf(item('A', { dosed: true, activeOrder: split, givenTodayMg: 30, remainingTodayMg: 30 }))).toBeNull();
    expect(blockerOf(item('A'))).toBeNull();
  });

  it('takes what a dose needs from the status read when the dialog opens, and keeps the row where the status is silent', () => {
    const row = item('A', { givenName: '伟', familyName: '张', dosed: false, flag: 'ok' });
    const fresh = withFreshStatus(row, {
      flag: 'retitrate',
      consecutiveMissedDays: 5,
      activeOrder: null,
      orderSuspended: true,
      assessmentRequired: true,
      coveredUntil: '2026-01-03',
    });
    expect(fresh).toMatchObject({ givenName: '伟', flag: 'retitrate', orderSuspended: true, dosed: true, activeOrder: null });
    expect(withFreshStatus(row, { flag: 'ok', consecutiveMissedDays: 0, activeOrder: null }).dosed).toBe(false);
    expect(withFreshStatus(item('B', { dosed: true }), { flag: 'ok', consecutiveMissedDays: 0, activeOrder: null }).dosed).toBe(true);
  });
});
