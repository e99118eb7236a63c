import { logLogBand } from './log-log-band';
import { assertObservations, Observation, sortedByTime } from './observation';

/** A step of the Kaplan-Meier curve: the estimate from `day` until the next point. */
export interface KaplanMeierPoint {
  day: number;
  /** Probability of not having dropped out by the end of `day`. */
  survival: number;
  /** 95% confidence band on the log-log scale; null where survival is 0 (undefined there). */
  lower: number | null;
  upper: number | null;
  /** Greenwood standard error of `survival` (R's `summary(survfit)$std.err`); null where survival is 0. */
  stdErr: number | null;
  /** Episodes still observed at the start of `day` (events and censorings on `day` included). */
  atRisk: number;
  /** Drop-outs on `day`. */
  events: number;
}

/** The episodes at risk and the events at one distinct time that has at least one event. */
interface EventStep {
  day: number;
  atRisk: number;
  events: number;
}

/**
 * The Kaplan-Meier estimate of retention, with Greenwood's variance and a 95%
 * log-log confidence band: a point at day 0 (survival 1) and one at each
 * distinct event time. Ties are handled as in R's `survfit`: an episode
 * censored on the day of an event is still at risk for it. If there are
 * drop-outs on day 0 itself, the day-0 point carries them.
 */
export function kaplanMeier(observations: readonly Observation[]): KaplanMeierPoint[] {
  assertObservations(observations);
  const steps = eventSteps(observations);
  const points: KaplanMeierPoint[] = steps[0]?.day === 0 ? [] : [startPoint(observations.length)];
  let survival = 1;
  let greenwood = 0; // Σ d / (n (n − d)): Greenwood's variance of log S
  for (const step of steps) {
    survival *= 1 - step.events / step.atRisk;
    greenwood += step.events / (step.atRisk * (step.atRisk - step.events));
    points.push(curvePoint(step, survival, greenwood));
  }
  return points;
}

/**
 * The survival in force on `day`: the value at the last point whose day is at
 * most `day` (1 before the curve starts). Beyond the last observed time the
 * last value is carried forward.
 */
export function survivalAt(curve: readonly KaplanMeierPoint[], day: number): number {
  let low = 0;
  let high = curve.length; // first index whose day > `day` lies in [low, high]
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (curve[mid].day <= day) low = mid + 1;
    else high = mid;
  }
  return low === 0 ? 1 : curve[low - 1].survival;
}

/** Each distinct time with at least one event, in order, with the number at risk then. */
function eventSteps(observations: readonly Observation[]): EventStep[] {
  const sorted = sortedByTime(observations);
  const steps: EventStep[] = [];
  let i = 0;
  while (i < sorted.length) {
    const day = sorted[i].time;
    const atRisk = sorted.length - i;
    let events = 0;
    for (; i < sorted.length && sorted[i].time === day; i++) if (sorted[i].event) events++;
    if (events > 0) steps.push({ day, atRisk, events });
  }
  return steps;
}

function startPoint(atRisk: number): KaplanMeierPoint {
  return { day: 0, survival: 1, lower: 1, upper: 1, stdErr: 0, atRisk, events: 0 };
}

function curvePoint(step: EventStep, survival: number, greenwood: number): KaplanMeierPoint {
  const band = logLogBand(survival, greenwood);
  return {
    day: step.day,
    survival,
    lower: band?.lower ?? null,
    upper: band?.upper ?? null,
    stdErr: survival > 0 ? survival * Math.sqrt(greenwood) : null,
    atRisk: step.atRisk,
    events: step.events,
  };
}
