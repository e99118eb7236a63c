import { decodeCursor, decodePairCursor, encodeCursor, pairKey } from './page';

const ID = '0b5c7c4e-3d2a-4f7e-9a51-6f1e2d3c4b5a';

describe('keyset cursors', () => {
  it('gives back the two sort values and the id of a pair cursor', () => {
    const cursor = encodeCursor({ key: pairKey('2026-03-01', '2026-03-01T08:00:00.123456Z'), id: ID });
    expect(decodePairCursor(cursor, 'date', 'exactInstant')).toEqual({
      first: '2026-03-01',
      second: '2026-03-01T08:00:00.123456Z',
      id: ID,
    });
    expect(decodePairCursor(undefined, 'date', 'exactInstant')).toBeUndefined();
  });

  it.each([
    ['a single value', '2026-03-01'],
    ['three values', pairKey('2026-03-01', pairKey('2026-03-01T08:00:00.123456Z', 'x'))],
    ['a day that does not exist', pairKey('2026-02-31', '2026-03-01T08:00:00.123456Z')],
    ['an instant to the millisecond only', pairKey('2026-03-01', '2026-03-01T08:00:00.123Z')],
    ['an hour that does not exist', pairKey('2026-03-01', '2026-03-01T24:00:00.000000Z')],
    ['an instant with an offset', pairKey('2026-03-01', '2026-03-01T08:00:00.123456+08:00')],
  ])('refuses a pair cursor with %s', (_what, key) => {
    expect(() => decodePairCursor(encodeCursor({ key, id: ID }), 'date', 'exactInstant')).toThrow();
  });

  it('refuses a date cursor whose day does not exist', () => {
    expect(decodeCursor(encodeCursor({ key: '2026-02-28', id: ID }), 'date')).toEqual({ key: '2026-02-28', id: ID });
    expect(() => decodeCursor(encodeCursor({ key: '2026-02-30', id: ID }), 'date')).toThrow();
  });
});
