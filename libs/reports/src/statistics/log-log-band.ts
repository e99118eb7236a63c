/** The standard normal quantile for a two-sided 95% interval, qnorm(0.975). */
export const Z_95 = 1.959963984540054;

export interface Band {
  lower: number;
  upper: number;
}

/**
 * Confidence band for a survival probability on the log-log scale (R's
 * `survfit(conf.type = "log-log")`, Kalbfleisch & Prentice): the interval
 * z·se around log(−log S), mapped back, where se(log(−log S)) = se(log S) / |log S|.
 * Equivalently [S^exp(h), S^exp(−h)] with h = z·se(log S) / |log S|, so it always
 * lies inside [0, 1].
 *
 * `varianceOfLog` is Greenwood's variance of log S. At S = 1 (or a zero variance)
 * the band is the point itself; at S = 0 it is undefined (R gives NA) and this
 * returns null.
 */
export function logLogBand(survival: number, varianceOfLog: number, z: number = Z_95): Band | null {
  if (survival <= 0 || !Number.isFinite(varianceOfLog)) return null;
  if (survival >= 1 || varianceOfLog === 0) return { lower: survival, upper: survival };
  const logSurvival = Math.log(survival);
  const halfWidth = (z * Math.sqrt(varianceOfLog)) / -logSurvival;
  const centre = Math.log(-logSurvival);
  return {
    lower: Math.exp(-Math.exp(centre + halfWidth)),
    upper: Math.exp(-Math.exp(centre - halfWidth)),
  };
}
