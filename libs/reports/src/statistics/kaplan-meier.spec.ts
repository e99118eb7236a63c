import { kaplanMeier, survivalAt } from './kaplan-meier';
import { logLogBand, Z_95 } from './log-log-band';

const dropout = (time: number) => ({ time, event: true });
const censored = (time: number) => ({ time, event: false });

describe('Kaplan-Meier estimator', () => {
  it('starts at day 0 with everyone at risk and survival 1', () => {
    const curve = kaplanMeier([dropout(10), censored(20)]);
    expect(curve[0]).toEqual({ day: 0, survival: 1, lower: 1, upper: 1, stdErr: 0, atRisk: 2, events: 0 });
  });

  it('puts a point at each distinct drop-out day only', () => {
    const curve = kaplanMeier([censored(3), dropout(5), dropout(5), censored(7), dropout(9)]);
    expect(curve.map((p) => [p.day, p.atRisk, p.events])).toEqual([
      [0, 5, 0],
      [5, 4, 2],
      [9, 1, 1],
    ]);
    expect(curve.map((p) => p.survival)).toEqual([1, 0.5, 0]);
  });

  it('counts an episode censored on the day of a drop-out as still at risk for it', () => {
    const curve = kaplanMeier([dropout(4), censored(4), dropout(8), censored(8)]);
    expect(curve[1]).toMatchObject({ day: 4, atRisk: 4, events: 1, survival: 0.75 });
    expect(curve[2]).toMatchObject({ day: 8, atRisk: 2, events: 1, survival: 0.375 });
  });

  it('uses Greenwood variance: se(S) = S sqrt(sum d / (n (n - d)))', () => {
    const curve = kaplanMeier([dropout(1), dropout(2), censored(3), dropout(4), censored(5)]);
    const greenwood = 1 / (5 * 4) + 1 / (4 * 3) + 1 / (2 * 1);
    expect(curve[3].survival).toBeCloseTo(0.8 * 0.75 * 0.5, 14);
    expect(curve[3].stdErr).toBeCloseTo(0.3 * Math.sqrt(greenwood), 14);
  });

  it('lets day-0 drop-outs take the day-0 point instead of a separate start', () => {
    const curve = kaplanMeier([dropout(0), censored(0), dropout(2), censored(9)]);
    expect(curve.map((p) => [p.day, p.atRisk, p.events, p.survival])).toEqual([
      [0, 4, 1, 0.75],
      [2, 2, 1, 0.375],
    ]);
  });

  it('keeps the band inside [0, 1] and around the estimate, even with one person at risk', () => {
    const curve = kaplanMeier([dropout(1), censored(1), dropout(2), censored(3), dropout(3), censored(3), censored(50)]);
    for (const p of curve) {
      expect(p.lower).not.toBeNull();
      expect(p.lower!).toBeGreaterThanOrEqual(0);
      expect(p.lower!).toBeLessThanOrEqual(p.survival);
      expect(p.upper!).toBeGreaterThanOrEqual(p.survival);
      expect(p.upper!).toBeLessThanOrEqual(1);
    }
  });

  it('leaves the band and standard error undefined (null) once everyone has dropped out', () => {
    const last = kaplanMeier([dropout(3), dropout(6)]).at(-1)!;
    expect(last).toEqual({ day: 6, survival: 0, lower: null, upper: null, stdErr: null, atRisk: 1, events: 1 });
  });

  it('returns the start point alone when nobody dropped out or there is no one', () => {
    expect(kaplanMeier([censored(5), censored(9)])).toEqual([{ day: 0, survival: 1, lower: 1, upper: 1, stdErr: 0, atRisk: 2, events: 0 }]);
    expect(kaplanMeier([])).toEqual([{ day: 0, survival: 1, lower: 1, upper: 1, stdErr: 0, atRisk: 0, events: 0 }]);
  });

  it('does not depend on the order of the observations', () => {
    const observations = [dropout(7), censored(2), dropout(2), dropout(11), censored(7), dropout(2)];
    expect(kaplanMeier([...observations].reverse())).toEqual(kaplanMeier(observations));
  });

  it('refuses negative or non-finite times', () => {
    expect(() => kaplanMeier([dropout(-1)])).toThrow(RangeError);
    expect(() => kaplanMeier([censored(Number.NaN)])).toThrow(RangeError);
    expect(() => kaplanMeier([censored(Infinity)])).toThrow(RangeError);
  });
});

describe('survival at a given day', () => {
  const curve = kaplanMeier([dropout(10), dropout(20), censored(25), dropout(30), censored(40)]);

  it('takes the value at the last drop-out day on or before it', () => {
    expect(survivalAt(curve, 0)).toBe(1);
    expect(survivalAt(curve, 9.99)).toBe(1);
    expect(survivalAt(curve, 10)).toBe(0.8);
    expect(survivalAt(curve, 19)).toBe(0.8);
    expect(survivalAt(curve, 20)).toBeCloseTo(0.6, 14);
    expect(survivalAt(curve, 30)).toBeCloseTo(0.3, 14);
  });

  it('is 1 before day 0 and carries the last value past the end of follow-up', () => {
    expect(survivalAt(curve, -5)).toBe(1);
    expect(survivalAt(curve, 365)).toBeCloseTo(0.3, 14);
  });
});

describe('log-log confidence band', () => {
  it('is [S^exp(h), S^exp(-h)] with h = z se(log S) / |log S|', () => {
    const s = 0.6;
    const variance = 0.04;
    const h = (Z_95 * Math.sqrt(variance)) / -Math.log(s);
    const band = logLogBand(s, variance)!;
    expect(band.lower).toBeCloseTo(s ** Math.exp(h), 14);
    expect(band.upper).toBeCloseTo(s ** Math.exp(-h), 14);
  });

  it('stays strictly inside (0, 1) however wide', () => {
    const band = logLogBand(0.5, 1e6)!;
    expect(band.lower).toBeGreaterThanOrEqual(0);
    expect(band.upper).toBeLessThanOrEqual(1);
    expect(logLogBand(0.999999, 1e6)!.upper).toBeLessThanOrEqual(1);
  });

  it('collapses to the point at S = 1 and is undefined at S = 0', () => {
    expect(logLogBand(1, 0)).toEqual({ lower: 1, upper: 1 });
    expect(logLogBand(0, Infinity)).toBeNull();
  });
});
