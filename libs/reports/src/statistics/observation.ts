/**
 * One episode in a retention analysis: `time` is the number of days from its
 * start to drop-out (`event: true`) or to censoring (`event: false`:
 * completed, transferred, died, or still open).
 */
export interface Observation {
  time: number;
  event: boolean;
}

/** Throws a RangeError unless every time is a finite number of days, zero or more. */
export function assertObservations(observations: readonly Observation[]): void {
  for (const { time } of observations) {
    if (!Number.isFinite(time) || time < 0) {
      throw new RangeError(`an observation time must be a finite number of days >= 0, got ${time}`);
    }
  }
}

/** The observations sorted by time (a copy; the input is left as it is). */
export function sortedByTime<T extends Observation>(observations: readonly T[]): T[] {
  return [...observations].sort((a, b) => a.time - b.time);
}
