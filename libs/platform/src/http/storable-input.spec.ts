import { unstorableFields, unstorableText } from './storable-input';

describe('unstorableText', () => {
  it.each([
    ['a\u0000b', 'NUL'],
    ['\ud800', 'unpaired surrogate'],
    ['x\udc00', 'unpaired surrogate'],
    ['\udc00\ud800', 'unpaired surrogate'],
    ['-271821-04-20T00:00:00.000Z', 'year'],
    ['+275760-09-13T00:00:00.000Z', 'year'],
    ['10000-01-01', 'year'],
    ['1899-12-31', 'year'],
    ['2201-01-01T00:00:00+08:00', 'year'],
  ])('refuses %j', (value, why) => {
    expect(unstorableText(value)).toMatch(why === 'year' ? /between the years/ : /NUL characters or unpaired surrogates/);
  });

  it.each(['', '美沙酮 😀', '2026-02-28', '1900-01-01', '2200-12-31T23:59:59.999Z', 'note written 1850-01-01 in pencil', '12345'])(
    'accepts %j',
    (value) => {
      expect(unstorableText(value)).toBeNull();
    },
  );
});

describe('unstorableFields', () => {
  it('names each field, nested and in arrays, and property names', () => {
    expect(unstorableFields({ a: 'ok', b: { c: ['x', 'y\u0000'] }, ['k\u0000']: 1 })).toEqual([
      { field: 'b.c[1]', message: 'b.c[1] must not contain NUL characters or unpaired surrogates', key: 'invalid' },
      { field: '(property name)', message: 'a property name must not contain NUL characters or unpaired surrogates', key: 'invalid' },
    ]);
  });
});
