// The web app's own type-check (tsc -p apps/web) has no Jest globals, so they are imported.
import { describe, expect, it } from '@jest/globals';
import { addDays, joinWallClock, splitWallClock, todayIso, wallClockToInstant } from './clinic-time';

describe('wallClockToInstant', () => {
  it('reads the time in the given zone, with the offset in force that day', () => {
    expect(wallClockToInstant('2025-07-01T10:00', 'America/Los_Angeles')).toBe('2025-07-01T10:00:00-07:00');
    expect(wallClockToInstant('2025-01-15T10:00', 'America/Los_Angeles')).toBe('2025-01-15T10:00:00-08:00');
    expect(wallClockToInstant('2025-01-15T10:00', 'Asia/Shanghai')).toBe('2025-01-15T10:00:00+08:00');
    expect(wallClockToInstant('2025-01-15T10:00', 'Asia/Kolkata')).toBe('2025-01-15T10:00:00+05:30');
    expect(wallClockToInstant('2025-01-15T23:45', 'UTC')).toBe('2025-01-15T23:45:00+00:00');
  });

  it('takes the hours next to a daylight-saving change at their own offset', () => {
    expect(wallClockToInstant('2025-03-09T01:59', 'America/Los_Angeles')).toBe('2025-03-09T01:59:00-08:00');
    expect(wallClockToInstant('2025-03-09T03:00', 'America/Los_Angeles')).toBe('2025-03-09T03:00:00-07:00');
    expect(wallClockToInstant('2025-11-02T00:30', 'America/Los_Angeles')).toBe('2025-11-02T00:30:00-07:00');
    expect(wallClockToInstant('2025-11-02T02:00', 'America/Los_Angeles')).toBe('2025-11-02T02:00:00-08:00');
  });

  it('moves a time the spring change skips forward by the gap, and takes the first of a time shown twice', () => {
    expect(wallClockToInstant('2025-03-09T02:30', 'America/Los_Angeles')).toBe('2025-03-09T03:30:00-07:00');
    expect(wallClockToInstant('2025-11-02T01:30', 'America/Los_Angeles')).toBe('2025-11-02T01:30:00-07:00');
  });

  it('answers undefined for what is not a wall-clock time', () => {
    expect(wallClockToInstant('', 'Asia/Shanghai')).toBeUndefined();
    expect(wallClockToInstant('2025-02-30T10:00', 'Asia/Shanghai')).toBeUndefined();
    expect(wallClockToInstant('2025-01-15T24:00', 'Asia/Shanghai')).toBeUndefined();
    expect(wallClockToInstant('10:00', 'Asia/Shanghai')).toBeUndefined();
  });
});

describe('todayIso', () => {
  it("gives the clinic's date, which differs from UTC's around midnight", () => {
    const now = Date.parse('2025-06-30T17:30:00Z');
    expect(todayIso('Asia/Shanghai', now)).toBe('2025-07-01');
    expect(todayIso('UTC', now)).toBe('2025-06-30');
    expect(todayIso('America/Los_Angeles', Date.parse('2025-07-01T06:30:00Z'))).toBe('2025-06-30');
  });
});

describe('addDays', () => {
  it('counts calendar days across months and years', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });
});

describe('splitWallClock and joinWallClock', () => {
  it('split a wall-clock time into its date and time and join them back', () => {
    expect(splitWallClock('2026-01-05T09:30')).toEqual({ date: '2026-01-05', time: '09:30' });
    expect(joinWallClock({ date: '2026-01-05', time: '09:30' })).toBe('2026-01-05T09:30');
    expect(wallClockToInstant(joinWallClock(splitWallClock('2026-01-05T09:30')), 'Asia/Shanghai')).toBe('2026-01-05T09:30:00+08:00');
  });

  it('keep a half filled in alone, which is no instant', () => {
    expect(joinWallClock({ date: '2026-01-05', time: '' })).toBe('2026-01-05T');
    expect(joinWallClock({ date: '', time: '09:30' })).toBe('T09:30');
    expect(splitWallClock('2026-01-05T')).toEqual({ date: '2026-01-05', time: '' });
    expect(splitWallClock('T09:30')).toEqual({ date: '', time: '09:30' });
    expect(wallClockToInstant('2026-01-05T', 'Asia/Shanghai')).toBeUndefined();
    expect(wallClockToInstant('T09:30', 'Asia/Shanghai')).toBeUndefined();
  });

  it('drop seconds, and read both halves empty as no value', () => {
    expect(splitWallClock('2026-01-05T09:30:15')).toEqual({ date: '2026-01-05', time: '09:30' });
    expect(joinWallClock({ date: '', time: '' })).toBe('');
    expect(splitWallClock('')).toEqual({ date: '', time: '' });
    expect(splitWallClock('5 January')).toEqual({ date: '', time: '' });
  });
});
