import fc from 'fast-check';
import { kaplanMeier, survivalAt } from './kaplan-meier';
import { Z_95 } from './log-log-band';
import { logRankTest } from './log-rank';
import { Observation } from './observation';

/**
 * The estimators against deliberately naive references written here from the
 * textbook definitions: every quantity is recounted from the raw observations
 * at every time, with no sorting, running sums or shared helpers.
 */

// Whole days from a short range, so that ties (between drop-outs, and with censorings) are common.
const observation = fc.record({ time: fc.integer({ min: 0, max: 25 }), event: fc.boolean() });
const sample = fc.array(observation, { maxLength: 40 });
const groups = fc.integer({ min: 2, max: 4 }).chain((k) => fc.array(sample, { minLength: k, maxLength: k }));

const atRiskOn = (obs: Observation[], day: number) => obs.filter((o) => o.time >= day).length;
const dropoutsOn = (obs: Observation[], day: number) => obs.filter((o) => o.time === day && o.event).length;
const dropoutDays = (obs: Observation[]) => [...new Set(obs.filter((o) => o.event).map((o) => o.time))].sort((a, b) => a - b);

function expectClose(actual: number | null, expected: number, relative = 1e-9): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
}

/** S(t) = Π_{u ≤ t} (1 − d_u / n_u), recomputed from scratch for each t, with Greenwood's sum beside it. */
function naiveKaplanMeier(obs: Observation[], day: number): { survival: number; greenwood: number } {
  let survival = 1;
  let greenwood = 0;
  for (const u of dropoutDays(obs).filter((u) => u <= day)) {
    const n = atRiskOn(obs, u);
    const d = dropoutsOn(obs, u);
    survival *= (n - d) / n;
    greenwood += d / (n * (n - d));
  }
  return { survival, greenwood };
}

/** The chi-square upper tail by Simpson's rule on the density, after t = s² to remove the pole at 0 for 1 df. */
function naiveChiSquareTail(x: number, df: number): number {
  const gammaHalfDf = [Math.sqrt(Math.PI), 1, Math.sqrt(Math.PI) / 2, 1][df - 1];
  const integrand = (s: number) => (2 * s ** (df - 1) * Math.exp((-s * s) / 2)) / (2 ** (df / 2) * gammaHalfDf);
  const steps = 4000;
  const h = Math.sqrt(x) / steps;
  let total = integrand(0) + integrand(Math.sqrt(x));
  for (let i = 1; i < steps; i++) total += (i % 2 === 1 ? 4 : 2) * integrand(i * h);
  return 1 - (total * h) / 3;
}

/** Solves A x = b by Gauss-Jordan elimination with partial pivoting; null if A is (nearly) singular. */
function naiveSolve(matrix: number[][], vector: number[]): number[] | null {
  const m = vector.length;
  const rows = matrix.map((row, i) => [...row, vector[i]]);
  const scale = Math.max(1, ...matrix.map((row, i) => Math.abs(row[i])));
  for (let col = 0; col < m; col++) {
    let pivot = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(rows[r][col]) > Math.abs(rows[pivot][col])) pivot = r;
    if (Math.abs(rows[pivot][col]) < 1e-6 * scale) return null;
    [rows[col], rows[pivot]] = [rows[pivot], rows[col]];
    for (let r = 0; r < m; r++) {
      if (r === col) continue;
      const factor = rows[r][col] / rows[col][col];
      for (let c = col; c <= m; c++) rows[r][c] -= factor * rows[col][c];
    }
  }
  return rows.map((row, i) => row[m] / row[i]);
}

/** Log-rank by explicit O and E sums over the pooled drop-out days, the last group (not the first) as reference. */
function naiveLogRank(samples: Observation[][]) {
  const pooled = samples.flat();
  const k = samples.length;
  const observed = samples.map(() => 0);
  const expected = samples.map(() => 0);
  const variance = samples.map(() => samples.map(() => 0));
  for (const u of dropoutDays(pooled)) {
    const n = atRiskOn(pooled, u);
    const d = dropoutsOn(pooled, u);
    for (let j = 0; j < k; j++) {
      const nj = atRiskOn(samples[j], u);
      observed[j] += dropoutsOn(samples[j], u);
      expected[j] += (d * nj) / n;
      for (let l = 0; l < k; l++) {
        const nl = atRiskOn(samples[l], u);
        const hypergeometric = n > 1 ? (d * (n - d)) / (n - 1) : 0;
        variance[j][l] += (hypergeometric * nj * ((j === l ? n : 0) - nl)) / (n * n);
      }
    }
  }
  const kept = expected.map((e, j) => (e > 0 ? j : -1)).filter((j) => j >= 0);
  const free = kept.slice(0, -1);
  const diff = free.map((j) => observed[j] - expected[j]);
  const solution = free.length
    ? naiveSolve(
        free.map((j) => free.map((l) => variance[j][l])),
        diff,
      )
    : null;
  const chiSquare = solution ? solution.reduce((acc, x, i) => acc + x * diff[i], 0) : null;
  return { observed, expected, chiSquare, degreesOfFreedom: free.length };
}

describe('statistics against naive references on random data with ties and censoring', () => {
  it('Kaplan-Meier: survival, Greenwood error and log-log band at every drop-out day', () => {
    fc.assert(
      fc.property(sample, (obs) => {
        const curve = kaplanMeier(obs);
        const days = dropoutDays(obs);
        expect(curve.map((p) => p.day)).toEqual(days[0] === 0 ? days : [0, ...days]);
        for (const point of curve) {
          const { survival, greenwood } = naiveKaplanMeier(obs, point.day);
          expect(point.atRisk).toBe(atRiskOn(obs, point.day));
          expect(point.events).toBe(dropoutsOn(obs, point.day));
          expectClose(point.survival, survival);
          if (survival === 0) {
            expect([point.lower, point.upper, point.stdErr]).toEqual([null, null, null]);
            continue;
          }
          expectClose(point.stdErr, survival * Math.sqrt(greenwood));
          const h = survival < 1 ? (Z_95 * Math.sqrt(greenwood)) / -Math.log(survival) : 0;
          expectClose(point.lower, survival ** Math.exp(h));
          expectClose(point.upper, survival ** Math.exp(-h));
          expect(point.lower!).toBeGreaterThanOrEqual(0);
          expect(point.upper!).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('Kaplan-Meier: survival at any day is the product over drop-out days up to it', () => {
    fc.assert(
      fc.property(sample, fc.double({ min: -2, max: 30, noNaN: true }), (obs, day) => {
        expectClose(survivalAt(kaplanMeier(obs), day), naiveKaplanMeier(obs, day).survival);
      }),
      { numRuns: 300 },
    );
  });

  it('log-rank: observed, expected, chi-square and p-value for 2 to 4 groups', () => {
    fc.assert(
      fc.property(groups, (samples) => {
        const result = logRankTest(samples);
        const naive = naiveLogRank(samples);
        expect(result.observed).toEqual(naive.observed);
        result.expected.forEach((e, j) => expectClose(e, naive.expected[j]));
        expectClose(
          result.observed.reduce((a, b) => a + b, 0),
          result.expected.reduce((a, b) => a + b, 0),
        );
        if (naive.chiSquare === null) {
          // Degenerate (e.g. a single at-risk group at every drop-out): only sanity is checked.
          expect(result.chiSquare).toBeGreaterThanOrEqual(0);
          expect(result.degreesOfFreedom).toBeLessThanOrEqual(naive.degreesOfFreedom);
          return;
        }
        expect(result.degreesOfFreedom).toBe(naive.degreesOfFreedom);
        expectClose(result.chiSquare, naive.chiSquare, 1e-7);
        expectClose(result.pValue, naiveChiSquareTail(naive.chiSquare, naive.degreesOfFreedom), 1e-7);
      }),
      { numRuns: 300 },
    );
  });
});
