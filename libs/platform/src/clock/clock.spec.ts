import { calendarDate } from './clock';

describe('calendarDate', () => {
  it('gives the date in the clinic time zone, not UTC', () => {
    const instant = new Date('2026-03-01T23:00:00Z');
    expect(calendarDate(instant, 'Asia/Shanghai')).toBe('2026-03-02');
    expect(calendarDate(instant, 'America/Los_Angeles')).toBe('2026-03-01');
    expect(calendarDate(instant, 'UTC')).toBe('2026-03-01');
  });
});
