import { kaplanMeier, survivalAt } from './kaplan-meier';
import { logRankTest } from './log-rank';
import { Observation } from './observation';

/**
 * The `aml` data set of R's survival package (Miller 1981, acute myelogenous
 * leukaemia; "+" = censored). The expected values below were produced with
 * R 4.2.2 and survival 3.5-3:
 *
 *   survfit(Surv(time, status) ~ x, data = aml, conf.type = "log-log")   # summary(): time, n.risk, n.event,
 *   survdiff(Surv(time, status) ~ x, data = aml)                         # survival, std.err, lower, upper
 *
 * and agree with what the survival package publishes for the same calls in its
 * own tests (tests/doaml.Rout.save: survival and std.err to 3-4 digits;
 * tests/difftest.Rout.save: O = 7 / 11, E = 10.69 / 7.31, Chisq = 3.4 on 1
 * degree of freedom, p = 0.07; printed with more digits by R as p = 0.0653393).
 */
const maintained = parse('9 13 13+ 18 23 28+ 31 34 45+ 48 161+');
const nonmaintained = parse('5 5 8 8 12 16+ 23 27 30 33 43 45');

function parse(times: string): Observation[] {
  return times.split(' ').map((t) => ({ time: Number.parseInt(t, 10), event: !t.endsWith('+') }));
}

interface Row {
  day: number;
  atRisk: number;
  events: number;
  survival: number;
  stdErr: number | null;
  lower: number | null;
  upper: number | null;
}

// summary(survfit(..., conf.type = "log-log")), x = Maintained (R prints these to 10 significant digits).
const maintainedRows: Row[] = [
  { day: 9, atRisk: 11, events: 1, survival: 0.9090909091, stdErr: 0.0866784172, lower: 0.5080802058, upper: 0.9866738227 },
  { day: 13, atRisk: 10, events: 1, survival: 0.8181818182, stdErr: 0.1162912998, lower: 0.4474286147, upper: 0.9511622286 },
  { day: 18, atRisk: 8, events: 1, survival: 0.7159090909, stdErr: 0.1396649706, lower: 0.3501903859, upper: 0.8990239742 },
  { day: 23, atRisk: 7, events: 1, survival: 0.6136363636, stdErr: 0.152632331, lower: 0.26575204, upper: 0.8352992433 },
  { day: 31, atRisk: 5, events: 1, survival: 0.4909090909, stdErr: 0.1641932672, lower: 0.1673309098, upper: 0.7533997904 },
  { day: 34, atRisk: 4, events: 1, survival: 0.3681818182, stdErr: 0.1626688858, lower: 0.09282957494, upper: 0.6570408324 },
  { day: 48, atRisk: 2, events: 1, survival: 0.1840909091, stdErr: 0.1534927458, lower: 0.01173848012, upper: 0.5250148427 },
];

// The same for x = Nonmaintained; at day 45 survival is 0 and R gives std.err NaN and the limits NA.
const nonmaintainedRows: Row[] = [
  { day: 5, atRisk: 12, events: 2, survival: 0.8333333333, stdErr: 0.1075828707, lower: 0.4817149422, upper: 0.9555093657 },
  { day: 8, atRisk: 10, events: 2, survival: 0.6666666667, stdErr: 0.1360827635, lower: 0.3370189325, upper: 0.8597117991 },
  { day: 12, atRisk: 8, events: 1, survival: 0.5833333333, stdErr: 0.1423187606, lower: 0.2701389241, upper: 0.8009401923 },
  { day: 23, atRisk: 6, events: 1, survival: 0.4861111111, stdErr: 0.1481300626, lower: 0.1918766196, upper: 0.7296715698 },
  { day: 27, atRisk: 5, events: 1, survival: 0.3888888889, stdErr: 0.1469861839, lower: 0.1262720122, upper: 0.6498174083 },
  { day: 30, atRisk: 4, events: 1, survival: 0.2916666667, stdErr: 0.1387151691, lower: 0.07240160891, upper: 0.5608860527 },
  { day: 33, atRisk: 3, events: 1, survival: 0.1944444444, stdErr: 0.1218745054, lower: 0.03119864293, upper: 0.4614294762 },
  { day: 43, atRisk: 2, events: 1, survival: 0.09722222222, stdErr: 0.09186636497, lower: 0.005746305696, upper: 0.3489038611 },
  { day: 45, atRisk: 1, events: 1, survival: 0, stdErr: null, lower: null, upper: null },
];

function expectRows(observations: Observation[], rows: Row[]): void {
  const curve = kaplanMeier(observations);
  expect(curve[0]).toEqual({ day: 0, survival: 1, lower: 1, upper: 1, stdErr: 0, atRisk: observations.length, events: 0 });
  expect(curve).toHaveLength(rows.length + 1);
  rows.forEach((row, i) => {
    const point = curve[i + 1];
    expect({ day: point.day, atRisk: point.atRisk, events: point.events }).toEqual({
      day: row.day,
      atRisk: row.atRisk,
      events: row.events,
    });
    for (const key of ['survival', 'stdErr', 'lower', 'upper'] as const) {
      const expected = row[key];
      if (expected === null) expect(point[key]).toBeNull();
      else expect(point[key]).toBeCloseTo(expected, 8);
    }
  });
}

describe('statistics against R survival on the aml data', () => {
  it('matches survfit for the maintained group: survival, Greenwood std.err and the log-log band', () => {
    expectRows(maintained, maintainedRows);
  });

  it('matches survfit for the non-maintained group, leaving the band undefined where survival reaches 0', () => {
    expectRows(nonmaintained, nonmaintainedRows);
  });

  it('reads the step function as summary(survfit, times = ...) does', () => {
    // summary(fit, times = c(0, 10, 30, 100, 161), extend = TRUE)$surv
    const m = kaplanMeier(maintained);
    const n = kaplanMeier(nonmaintained);
    expect([0, 10, 30, 100, 161].map((day) => survivalAt(m, day))).toEqual([
      1,
      expect.closeTo(0.9090909091, 9),
      expect.closeTo(0.6136363636, 9),
      expect.closeTo(0.1840909091, 9),
      expect.closeTo(0.1840909091, 9),
    ]);
    expect([0, 10, 30, 100].map((day) => survivalAt(n, day))).toEqual([
      1,
      expect.closeTo(0.6666666667, 9),
      expect.closeTo(0.2916666667, 9),
      0,
    ]);
  });

  it('matches survdiff: observed and expected drop-outs, chi-square 3.3963887 on 1 degree of freedom, p = 0.0653393', () => {
    // print(survdiff(...), digits = 8); survdiff(...)$chisq = 3.396388699; pchisq(3.396388699, 1, lower.tail = FALSE) = 0.06533932204
    const result = logRankTest([maintained, nonmaintained]);
    expect(result.observed).toEqual([7, 11]);
    expect(result.expected[0]).toBeCloseTo(10.68933599, 7);
    expect(result.expected[1]).toBeCloseTo(7.310664008, 7);
    expect(result.chiSquare).toBeCloseTo(3.396388699, 8);
    expect(result.degreesOfFreedom).toBe(1);
    expect(result.pValue).toBeCloseTo(0.06533932204, 9);
  });
});
