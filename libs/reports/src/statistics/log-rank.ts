import { chiSquareSurvival } from './chi-square';
import { assertObservations, Observation, sortedByTime } from './observation';

export interface LogRankResult {
  /** The log-rank statistic (R's `survdiff(...)$chisq`). */
  chiSquare: number;
  /** Groups with expected events > 0, less one (less again for any redundant group). */
  degreesOfFreedom: number;
  /** Upper chi-square tail of `chiSquare`; 1 when there is nothing to compare (0 degrees of freedom). */
  pValue: number;
  /** Drop-outs seen in each group, in the order of the groups given. */
  observed: number[];
  /** Drop-outs expected in each group if all groups shared one hazard. */
  expected: number[];
}

/** Observed and expected events per group and the covariance matrix of O − E. */
interface LogRankSums {
  observed: number[];
  expected: number[];
  covariance: number[][];
}

/**
 * The log-rank (Mantel-Haenszel) test that k groups share one survival curve,
 * as R's `survdiff(rho = 0)`: at each distinct event time the events are shared
 * out in proportion to the numbers at risk, with the hypergeometric variance
 * for tied events. Groups with no expected events are left out (as R does);
 * the statistic is (O − E)ᵀ V⁻¹ (O − E) over the others less one, and is
 * compared with a chi-square on as many degrees of freedom.
 */
export function logRankTest(groups: readonly (readonly Observation[])[]): LogRankResult {
  groups.forEach(assertObservations);
  const sums = logRankSums(groups);
  const kept = sums.expected.flatMap((e, group) => (e > 0 ? [group] : []));
  const { value, rank } = kept.length < 2 ? { value: 0, rank: 0 } : quadraticForm(sums, kept.slice(1));
  return {
    chiSquare: value,
    degreesOfFreedom: rank,
    pValue: rank > 0 ? chiSquareSurvival(value, rank) : 1,
    observed: sums.observed,
    expected: sums.expected,
  };
}

/** One pass over the pooled observations in time order, accumulating O, E and V. */
function logRankSums(groups: readonly (readonly Observation[])[]): LogRankSums {
  const k = groups.length;
  const sums: LogRankSums = { observed: zeros(k), expected: zeros(k), covariance: groups.map(() => zeros(k)) };
  const pooled = sortedByTime(groups.flatMap((observations, group) => observations.map((o) => ({ ...o, group }))));
  const atRisk = groups.map((observations) => observations.length);
  let total = pooled.length;
  let i = 0;
  while (i < pooled.length) {
    const day = pooled[i].time;
    const events = zeros(k);
    const leaving = zeros(k);
    for (; i < pooled.length && pooled[i].time === day; i++) {
      leaving[pooled[i].group]++;
      if (pooled[i].event) events[pooled[i].group]++;
    }
    addEventTime(sums, atRisk, total, events);
    leaving.forEach((n, group) => (atRisk[group] -= n));
    total -= sum(leaving);
  }
  return sums;
}

/** Adds one distinct time's contribution: O += d_j, E += d n_j / n, V += d (n − d)/(n − 1) · n_j/n (δ_jl − n_l/n). */
function addEventTime(sums: LogRankSums, atRisk: readonly number[], total: number, events: readonly number[]): void {
  const d = sum(events);
  if (d === 0) return;
  const spread = total > 1 ? (d * (total - d)) / (total - 1) : 0;
  atRisk.forEach((nj, j) => {
    sums.observed[j] += events[j];
    sums.expected[j] += (d * nj) / total;
    atRisk.forEach((nl, l) => {
      sums.covariance[j][l] += spread * (nj / total) * ((j === l ? 1 : 0) - nl / total);
    });
  });
}

/**
 * (O − E)ᵀ V⁻¹ (O − E) over the given groups, with V factored as L D Lᵀ. A pivot
 * that vanishes (a group whose O − E is already fixed by the others) is left
 * out, which makes V⁻¹ a generalized inverse and lowers the rank by one.
 */
function quadraticForm(sums: LogRankSums, groups: readonly number[]): { value: number; rank: number } {
  const a = groups.map((j) => groups.map((l) => sums.covariance[j][l]));
  const b = groups.map((j) => sums.observed[j] - sums.expected[j]);
  const m = groups.length;
  // A real diagonal term is at least about 1/(number of episodes); rounding noise is far below this.
  const tolerance = 1e-10 * Math.max(1, ...a.map((row, i) => Math.abs(row[i])));
  const usable: boolean[] = [];
  for (let i = 0; i < m; i++) {
    usable[i] = a[i][i] > tolerance;
    if (!usable[i]) continue;
    for (let j = i + 1; j < m; j++) {
      const factor = a[j][i] / a[i][i];
      for (let l = j; l < m; l++) a[l][j] -= factor * a[l][i];
      a[j][i] = factor;
    }
  }
  // Forward substitution: y = L⁻¹ b; then (O − E)ᵀ V⁻¹ (O − E) = Σ y_i² / D_i.
  let value = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < i; j++) if (usable[j]) b[i] -= a[i][j] * b[j];
    if (usable[i]) value += (b[i] * b[i]) / a[i][i];
  }
  return { value, rank: usable.filter(Boolean).length };
}

function zeros(n: number): number[] {
  return new Array<number>(n).fill(0);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}
