/** A side's latency over its measured requests, in ms. */
export interface Latencies {
  p50: number;
  p95: number;
  mean: number;
}

/**
 * Tongban's side and the baseline's measured in pairs, one right after the other, so that both meet the machine as it
 * is at that moment (on a shared machine, the same statement's p50 moved by 2× between runs a minute apart): `count`
 * warm-up pairs, then `count` measured ones, the side that goes first alternating from pair to pair. Their durations
 * in ms, each side's in its own list; `measuring` runs between the warm-up and the measured pairs.
 */
export async function timedPairs(
  count: number,
  tongban: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  measuring?: () => void,
): Promise<[tongban: number[], baseline: number[]]> {
  const time = async (work: () => Promise<unknown>): Promise<number> => {
    const started = process.hrtime.bigint();
    await work();
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  for (let i = 0; i < count; i++) {
    await tongban();
    await baseline();
  }
  measuring?.();
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      times[0].push(await time(tongban));
      times[1].push(await time(baseline));
    } else {
      times[1].push(await time(baseline));
      times[0].push(await time(tongban));
    }
  }
  return times;
}

export function latencies(times: number[]): Latencies {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p95: at(0.95), mean: times.reduce((sum, t) => sum + t, 0) / times.length };
}
