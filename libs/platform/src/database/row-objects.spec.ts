import { objectsOf, rowBuilderFor } from './row-objects';

const fields = (...names: string[]) => names.map((name) => ({ name }));

describe('objectsOf', () => {
  it('keys each row by its columns in camelCase, in column order', () => {
    const rows = objectsOf(fields('id', 'clinic_id', 'covers_2_days'), [
      ['a', 'k1', true],
      ['b', null, false],
    ]);
    expect(rows).toEqual([
      { id: 'a', clinicId: 'k1', covers2Days: true },
      { id: 'b', clinicId: null, covers2Days: false },
    ]);
    expect(Object.keys(rows[0])).toEqual(['id', 'clinicId', 'covers2Days']);
  });

  it('lets a later column of the same name win, as pg does', () => {
    expect(objectsOf(fields('id', 'id'), [['first', 'second']])).toEqual([{ id: 'second' }]);
  });

  it('takes any column name as a plain key: quotes, backslashes, line breaks and built-in names stay data', () => {
    const odd = ['say "hi"', 'back\\slash', 'two\nlines', 'constructor', 'hasOwnProperty', '${1}'];
    const [row] = objectsOf(fields(...odd), [[1, 2, 3, 4, 5, 6]]);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.entries(row)).toEqual(odd.map((name, index) => [name, index + 1]));
  });

  it('gives every row its own object, also for statements whose columns were seen before', () => {
    const first = objectsOf(fields('value'), [[1], [2]]);
    const again = objectsOf(fields('value'), [[3]]);
    first[0].value = 'changed';
    expect([first[1], again[0]]).toEqual([{ value: 2 }, { value: 3 }]);
    expect(objectsOf(fields('value'), [])).toEqual([]);
  });

  it('keeps a key named __proto__ a key (the builder is given keys camelCase never makes too)', () => {
    const row = rowBuilderFor(['__proto__', 'id'])([{ polluted: true }, 'x']);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.keys(row)).toEqual(['__proto__', 'id']);
    expect((row as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
