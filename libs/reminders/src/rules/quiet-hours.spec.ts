import { quietHoursEnd } from './quiet-hours';
import { zonedInstant } from './zoned-time';

const shanghai = (local: string): Date => new Date(`${local}+08:00`);

describe('quietHoursEnd', () => {
  const night = { timeZone: 'Asia/Shanghai', start: '21:00', end: '08:00' };

  it('holds a message at 23:30 until 08:00 the next morning, clinic time', () => {
    expect(quietHoursEnd(shanghai('2026-03-10T23:30:00'), night)).toEqual(shanghai('2026-03-11T08:00:00'));
  });

  it('holds a message at 05:00 until 08:00 the same morning', () => {
    expect(quietHoursEnd(shanghai('2026-03-10T05:00:00'), night)).toEqual(shanghai('2026-03-10T08:00:00'));
  });

  it('treats the start as quiet and the end as not', () => {
    expect(quietHoursEnd(shanghai('2026-03-10T21:00:00'), night)).toEqual(shanghai('2026-03-11T08:00:00'));
    expect(quietHoursEnd(shanghai('2026-03-10T08:00:00'), night)).toBeNull();
    expect(quietHoursEnd(shanghai('2026-03-10T20:59:00'), night)).toBeNull();
  });

  it('uses the clinic time zone, not UTC', () => {
    // 14:00 UTC is 22:00 in Shanghai.
    expect(quietHoursEnd(new Date('2026-03-10T14:00:00Z'), night)).toEqual(new Date('2026-03-11T00:00:00Z'));
  });

  it('handles quiet hours that do not wrap midnight', () => {
    const lunch = { timeZone: 'Asia/Shanghai', start: '12:00', end: '14:00' };
    expect(quietHoursEnd(shanghai('2026-03-10T13:00:00'), lunch)).toEqual(shanghai('2026-03-10T14:00:00'));
    expect(quietHoursEnd(shanghai('2026-03-10T23:00:00'), lunch)).toBeNull();
  });

  it('has no quiet hours when start equals end', () => {
    expect(quietHoursEnd(shanghai('2026-03-10T23:00:00'), { timeZone: 'Asia/Shanghai', start: '00:00', end: '00:00' })).toBeNull();
  });

  it('finds the end across a daylight-saving change', () => {
    const ny = { timeZone: 'America/New_York', start: '21:00', end: '08:00' };
    // The night of 7–8 March 2026: clocks go forward at 02:00.
    expect(quietHoursEnd(new Date('2026-03-08T03:00:00Z'), ny)).toEqual(zonedInstant('2026-03-08', '08:00', 'America/New_York'));
    expect(zonedInstant('2026-03-08', '08:00', 'America/New_York')).toEqual(new Date('2026-03-08T12:00:00Z'));
  });
});
