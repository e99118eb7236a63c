import { windowTooLong } from '../reports.service';
import { reportLanguage } from './report-language';

describe('the language of an export', () => {
  it('takes lang first, then the preferred report language of Accept-Language, else English', () => {
    expect(reportLanguage('zh-CN', 'en')).toBe('zh-CN');
    expect(reportLanguage('en', 'zh-CN')).toBe('en');
    expect(reportLanguage(undefined, 'zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(reportLanguage(undefined, 'fr, en;q=0.5, zh-TW;q=0.7')).toBe('zh-CN');
    expect(reportLanguage(undefined, 'zh;q=0, en-GB')).toBe('en');
    expect(reportLanguage(undefined, 'de')).toBe('en');
    expect(reportLanguage(undefined, undefined)).toBe('en');
  });
});

describe('the 10-year window', () => {
  it('allows from the day after the same date 10 years before to, and no earlier', () => {
    expect(windowTooLong('2016-07-01', '2026-06-30')).toBeNull();
    expect(windowTooLong('2016-06-30', '2026-06-30')).toMatchObject({ field: 'from', message: expect.stringContaining('2016-07-01') });
    // 29 February has no same date 10 years before: the window runs from 1 March.
    expect(windowTooLong('2014-03-01', '2024-02-29')).toBeNull();
    expect(windowTooLong('2014-02-28', '2024-02-29')).not.toBeNull();
  });
});
