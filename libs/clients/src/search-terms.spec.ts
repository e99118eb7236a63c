import { clientCode, codeCandidatesOf, queryTermsOf, searchTermsOf } from './search-terms';

describe('client search terms', () => {
  it('finds a Chinese name as family name, given name and full name with or without a space', () => {
    const terms = searchTermsOf({ givenName: '伟', familyName: '张' });
    for (const q of ['张伟', ' 张 伟 ', '张', '伟']) {
      expect(terms).toContain(queryTermsOf(q)[0]);
    }
  });

  it('finds a Latin name regardless of case and spaces, in either order', () => {
    const terms = searchTermsOf({ givenName: 'Wei', familyName: 'Zhang' });
    for (const q of ['zhang wei', 'ZHANGWEI', '  Wei Zhang ', 'zhang']) {
      expect(terms).toContain(queryTermsOf(q)[0]);
    }
    expect(terms).not.toContain(queryTermsOf('zhang w')[0]);
  });

  it('finds a phone number however it is written, and a national ID in any case', () => {
    const terms = searchTermsOf({ givenName: 'a', familyName: 'b', phone: '+86 138 0013 8000', nationalId: '53010219900101123X' });
    expect(terms).toEqual(expect.arrayContaining([queryTermsOf('138-0013-8000')[2], queryTermsOf('53010219900101123x')[1]]));
  });

  it('searches the clinical view by name only, and by phone too at the dispensing window, never by national ID', () => {
    const terms = searchTermsOf({ givenName: 'a', familyName: 'b', phone: '13800138000', nationalId: '53010219900101123X' });
    expect(queryTermsOf('13800138000', 'clinical').some((term) => terms.includes(term))).toBe(false);
    expect(queryTermsOf('138 0013 8000', 'clinical', { phone: true }).some((term) => terms.includes(term))).toBe(true);
    expect(queryTermsOf('53010219900101123X', 'clinical', { phone: true }).some((term) => terms.includes(term))).toBe(false);
  });

  it('reads a bare number as a code of the clinic', () => {
    expect(clientCode('KM01', 123)).toBe('KM01-000123');
    expect(codeCandidatesOf(' km01-000123 ', 'KM01')).toEqual(['KM01-000123']);
    expect(codeCandidatesOf('123', 'KM01')).toEqual(['123', 'KM01-000123']);
  });
});
