import { addDays, daysBetween } from '@tongban/platform';

export type DosingFlag = 'ok' | 'assess' | 'retitrate' | 'dropped_out';

export interface Thresholds {
  missedDosesAssess: number;
  missedDosesRetitrate: number;
  dropoutDays: number;
}

/**
 * Consecutive missed days as of `clinicDay`: the days after the last covered
 * day (or after the episode's first day, if none is covered) up to and
 * including the day before `clinicDay`. Today is not missed until it has ended.
 */
export function consecutiveMissedDays(lastCoveredDay: string | null, episodeStart: string, clinicDay: string): number {
  const yesterday = addDays(clinicDay, -1);
  const base = lastCoveredDay && lastCoveredDay >= episodeStart ? lastCoveredDay : episodeStart;
  return Math.max(0, daysBetween(base, yesterday));
}

/**
 * {@link consecutiveMissedDays} in SQL, for statements over many clients:
 * `lastCovered` is the last covered day before `day` (NULL when none) and
 * `covered` whether `day` itself is covered, as the coverage fragments of
 * coverage-sql.ts give them; the others are date expressions.
 */
export function missedDaysSql(lastCovered: string, covered: string, episodeStart: string, day: string): string {
  return `CASE WHEN ${covered} THEN 0 ELSE GREATEST(0, (${day} - 1) - GREATEST(${episodeStart}, coalesce(${lastCovered}, ${episodeStart}))) END`;
}

export function flagFor(missed: number, thresholds: Thresholds): DosingFlag {
  if (missed >= thresholds.dropoutDays) return 'dropped_out';
  if (missed >= thresholds.missedDosesRetitrate) return 'retitrate';
  if (missed >= thresholds.missedDosesAssess) return 'assess';
  return 'ok';
}

/**
 * The clinic day on which a streak of missed days reached the re-titration
 * threshold: an order written on or after it counts as the physician's re-order.
 */
export function retitrationDay(lastCoveredDay: string | null, episodeStart: string, thresholds: Thresholds): string {
  const base = lastCoveredDay && lastCoveredDay >= episodeStart ? lastCoveredDay : episodeStart;
  return addDays(base, thresholds.missedDosesRetitrate + 1);
}
