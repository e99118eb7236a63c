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

/** A live (not voided) dose as the take-home rule reads it. */
export interface DoseCover {
  clinicDay: string;
  kind: 'observed' | 'take_home';
  coversDays: number;
}

/** Why a take-home dispense is refused, or null when it may be written. */
export type TakeHomeRefusal = { code: 'already_given' } | { code: 'overlap'; day: string } | { code: 'weekly_limit'; from: string };

/** The days a dose covers: an observed dose its own day, a take-home dispense the days after its day. */
export function daysCovered(dose: DoseCover): string[] {
  if (dose.kind === 'observed') return [dose.clinicDay];
  return Array.from({ length: dose.coversDays }, (_, i) => addDays(dose.clinicDay, i + 1));
}

/**
 * The take-home rule: one dispense per client and clinic day; a dispense
 * never covers a day already covered (by an observed dose or an earlier
 * dispense); and no 7-day window holds more take-home days than `allowed`.
 * `doses` are the client's live doses from at least 12 days before `day` to
 * 12 days after it (every dose that can share a 7-day window with the new
 * dispense's days).
 */
export function takeHomeRefusal(doses: DoseCover[], day: string, coversDays: number, allowed: number): TakeHomeRefusal | null {
  if (doses.some((dose) => dose.kind === 'take_home' && dose.clinicDay === day)) return { code: 'already_given' };
  const wanted = daysCovered({ clinicDay: day, kind: 'take_home', coversDays });
  const covered = new Set(doses.flatMap(daysCovered));
  const overlap = wanted.find((d) => covered.has(d));
  if (overlap) return { code: 'overlap', day: overlap };
  const takeHome = new Set([...doses.filter((dose) => dose.kind === 'take_home').flatMap(daysCovered), ...wanted]);
  for (let start = addDays(day, -5); start <= wanted[wanted.length - 1]; start = addDays(start, 1)) {
    const inWindow = Array.from({ length: 7 }, (_, i) => addDays(start, i)).filter((d) => takeHome.has(d)).length;
    if (inWindow > allowed) return { code: 'weekly_limit', from: start };
  }
  return null;
}
