import { chiSquareSurvival, logGamma, regularizedGammaQ } from './chi-square';

describe('chi-square upper tail', () => {
  it('gives the textbook 5% critical values (qchisq(0.95, df) in R 4.2.2)', () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(5.99146454710798, 2)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(7.814727903251179, 3)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(18.307038053275146, 10)).toBeCloseTo(0.05, 12);
  });

  it('agrees with the closed form exp(-x/2) for 2 degrees of freedom, in the far tail too', () => {
    for (const x of [0.001, 0.5, 1, 2.5, 10, 40, 200, 1000]) {
      expect(chiSquareSurvival(x, 2) / Math.exp(-x / 2)).toBeCloseTo(1, 12);
    }
  });

  it('agrees with erfc for 1 degree of freedom: P(|Z| > 1.96) and P(|Z| > 3)', () => {
    expect(chiSquareSurvival(1.959963984540054 ** 2, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(9, 1)).toBeCloseTo(0.0026997960632601892, 14); // 2 * pnorm(-3) in R
  });

  it('is 1 at and below 0, and 0 at infinity', () => {
    expect(chiSquareSurvival(0, 1)).toBe(1);
    expect(chiSquareSurvival(-3, 4)).toBe(1);
    expect(chiSquareSurvival(Infinity, 3)).toBe(0);
  });

  it('refuses degrees of freedom that are not positive', () => {
    expect(() => chiSquareSurvival(1, 0)).toThrow(RangeError);
  });

  it('computes log-gamma and the regularized gamma function at known points', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 12); // lgamma(0.1)
    expect(regularizedGammaQ(1, 3)).toBeCloseTo(Math.exp(-3), 14); // Q(1, x) = e^-x
    expect(regularizedGammaQ(3, 2)).toBeCloseTo(Math.exp(-2) * (1 + 2 + 2), 14); // Q(n, x) = e^-x Σ_{k<n} x^k / k!
  });
});
