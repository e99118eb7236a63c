import { logRankTest } from './log-rank';

const dropout = (time: number) => ({ time, event: true });
const censored = (time: number) => ({ time, event: false });

describe('log-rank test', () => {
  it('finds no difference between identical groups', () => {
    const group = [dropout(3), dropout(5), censored(8), dropout(12)];
    const result = logRankTest([group, group]);
    expect(result.chiSquare).toBeCloseTo(0, 14);
    expect(result.pValue).toBeCloseTo(1, 12);
    expect(result.degreesOfFreedom).toBe(1);
  });

  it('shares tied drop-outs by the numbers at risk, with the hypergeometric variance', () => {
    // One day, 2 drop-outs among 4 at risk (2 per group): E = 1 each, V = 2·2/3 · 1/2 · 1/2 = 1/3.
    const result = logRankTest([
      [dropout(1), dropout(1)],
      [censored(1), censored(1)],
    ]);
    expect(result.observed).toEqual([2, 0]);
    expect(result.expected).toEqual([1, 1]);
    expect(result.chiSquare).toBeCloseTo(3, 12);
  });

  it('is the same statistic whichever group comes first, and for k groups takes k - 1 degrees of freedom', () => {
    const a = [dropout(2), dropout(4), censored(6), dropout(9), dropout(9)];
    const b = [dropout(1), censored(4), dropout(7), censored(10), censored(12)];
    const c = [dropout(3), dropout(4), dropout(5), censored(5), dropout(11)];
    const abc = logRankTest([a, b, c]);
    const cab = logRankTest([c, a, b]);
    expect(abc.degreesOfFreedom).toBe(2);
    expect(cab.chiSquare).toBeCloseTo(abc.chiSquare, 12);
    expect(cab.expected).toEqual([abc.expected[2], abc.expected[0], abc.expected[1]].map((e) => expect.closeTo(e, 12)));
  });

  it('leaves out groups with no expected drop-outs, as survdiff does', () => {
    const a = [dropout(2), dropout(4), censored(6), dropout(9)];
    const b = [dropout(1), censored(4), dropout(7), censored(10)];
    const empty: { time: number; event: boolean }[] = [];
    const leftBeforeAnyDropout = [censored(0)];
    const plain = logRankTest([a, b]);
    const padded = logRankTest([empty, a, leftBeforeAnyDropout, b]);
    expect(padded.chiSquare).toBeCloseTo(plain.chiSquare, 12);
    expect(padded.degreesOfFreedom).toBe(1);
    expect(padded.expected[0]).toBe(0);
  });

  it('reports nothing to compare, p = 1, with fewer than two groups at risk of drop-out', () => {
    expect(logRankTest([[dropout(1), censored(2)]])).toMatchObject({ chiSquare: 0, degreesOfFreedom: 0, pValue: 1 });
    expect(logRankTest([[censored(1)], [censored(2)]])).toMatchObject({ chiSquare: 0, degreesOfFreedom: 0, pValue: 1 });
  });

  it('lowers the degrees of freedom instead of failing when the variance is singular', () => {
    // Everyone at risk drops out together: no variance, nothing to test.
    const result = logRankTest([[dropout(5)], [dropout(5)]]);
    expect(result).toMatchObject({ chiSquare: 0, degreesOfFreedom: 0, pValue: 1 });
  });

  it('refuses negative times', () => {
    expect(() => logRankTest([[dropout(1)], [dropout(-2)]])).toThrow(RangeError);
  });
});
