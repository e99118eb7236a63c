import { normalizeName, normalizeNationalId, normalizePhone } from './normalize';

describe('search normalization', () => {
  it('matches names regardless of case and surrounding or repeated spaces', () => {
    expect(normalizeName('  Zhang   Wei ')).toBe('zhang wei');
    expect(normalizeName('ＺＨＡＮＧ')).toBe('zhang');
    expect(normalizeName(' 张伟 ')).toBe('张伟');
  });

  it('reduces phone numbers to their digits without the Chinese country code', () => {
    expect(normalizePhone('+86 138-0013-8000')).toBe('13800138000');
    expect(normalizePhone('138 0013 8000')).toBe('13800138000');
    expect(normalizePhone('(415) 555-0100')).toBe('4155550100');
  });

  it('writes national IDs in capitals without spaces', () => {
    expect(normalizeNationalId(' 53010219900101123x ')).toBe('53010219900101123X');
  });
});
