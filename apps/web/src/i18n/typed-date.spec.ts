// The web app's own type-check (tsc -p apps/web) has no Jest globals, so they are imported.
import { describe, expect, it } from '@jest/globals';
import { parseTypedDate } from './typed-date';

describe('parseTypedDate', () => {
  it.each([
    ['1985-04-12', '1985-04-12'],
    ['1985/4/12', '1985-04-12'],
    ['1985年4月12日', '1985-04-12'],
    [' 2024-02-29 ', '2024-02-29'],
  ])('reads %s as %s', (typed, date) => expect(parseTypedDate(typed)).toBe(date));

  it.each(['2023-02-29', '1985-13-01', '12/04/1985', '1985-04', 'yesterday', ''])('refuses %s', (typed) =>
    expect(parseTypedDate(typed)).toBeNull(),
  );
});
