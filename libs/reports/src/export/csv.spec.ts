import { csvDocument, csvField, rounded } from './csv';

describe('CSV', () => {
  it('starts with the UTF-8 byte order mark and ends lines with CRLF', () => {
    const bytes = csvDocument(['a', 'b'], [[1, '昆明']]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('a,b\r\n1,昆明\r\n');
  });

  it('quotes fields with commas, quotes or line breaks', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('同伴')).toBe('同伴');
  });

  it('writes empty fields for missing values and numbers as they are', () => {
    expect([null, undefined, 0, 0.5, -2, Number.NaN, true].map(csvField)).toEqual(['', '', '0', '0.5', '-2', '', 'true']);
  });

  it('keeps a spreadsheet from running a text as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@sum')).toBe("'@sum");
  });

  it('rounds figures to six decimals', () => {
    expect(rounded(1 / 3)).toBe(0.333333);
    expect(rounded(null)).toBeNull();
  });
});
