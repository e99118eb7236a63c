// The web app's own type-check (tsc -p apps/web) has no Jest globals, so they are imported.
import { describe, expect, it } from '@jest/globals';
import { checkOrderInput, isLargeChange } from './dose-order-input';

const valid = { doseMg: '60', takeHomeDaysPerWeek: '0', effectiveDate: '2026-12-06' };

describe('checkOrderInput', () => {
  it('passes the numbers exactly as typed', () => {
    expect(checkOrderInput({ doseMg: '72.5', takeHomeDaysPerWeek: '6', effectiveDate: '2026-12-06' })).toEqual({
      ok: true,
      doseMg: 72.5,
      takeHomeDaysPerWeek: 6,
      effectiveDate: '2026-12-06',
    });
    expect(checkOrderInput({ ...valid, doseMg: ' 1 ' })).toMatchObject({ ok: true, doseMg: 1 });
    expect(checkOrderInput({ ...valid, doseMg: '500' })).toMatchObject({ ok: true, doseMg: 500 });
  });

  it.each(['0', '0.5', '500.5', '9000', '60.25', '-5', '', 'abc', '1e2'])(
    'marks a dose of "%s" mg as an error instead of adjusting it',
    (doseMg) => {
      expect(checkOrderInput({ ...valid, doseMg })).toEqual({ ok: false, errors: { doseMg: 'doseMg' } });
    },
  );

  it.each(['7', '9', '-1', '2.5', ''])('marks "%s" take-home days as an error instead of adjusting it', (takeHomeDaysPerWeek) => {
    expect(checkOrderInput({ ...valid, takeHomeDaysPerWeek })).toEqual({
      ok: false,
      errors: { takeHomeDaysPerWeek: 'takeHomeDaysPerWeek' },
    });
  });

  it('needs an effective date', () => {
    expect(checkOrderInput({ ...valid, effectiveDate: null })).toEqual({ ok: false, errors: { effectiveDate: 'effectiveDate' } });
  });
});

describe('isLargeChange', () => {
  it('asks for confirmation above 20 mg or above half the current dose, not at them', () => {
    expect(isLargeChange(60, 80)).toBe(false);
    expect(isLargeChange(60, 80.5)).toBe(true);
    expect(isLargeChange(60, 39.5)).toBe(true);
    expect(isLargeChange(20, 30)).toBe(false);
    expect(isLargeChange(20, 30.5)).toBe(true);
    expect(isLargeChange(10, 4.5)).toBe(true);
    expect(isLargeChange(100, 120)).toBe(false);
    expect(isLargeChange(100, 79.5)).toBe(true);
  });
});
