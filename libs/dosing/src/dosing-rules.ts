import { addDays, daysBetween, sql, Sql } from '@tongban/platform';

export type DosingFlag = 'ok' | 'assess' | 'retitrate' | 'dropped_out';

export interface Thresholds {
  missedDosesAssess: number;
  missedDosesRetitrate: number;
  dropoutDays: number;
}

/**
 * The day missed days count from when no day of the episode is covered: the
 * later of the episode's first day and the day the client was registered in
 * Tongban (`registeredOn`, a clinic day; earlier days are on paper until their
 * history is imported), so registering a long-standing client never makes a
 * drop-out. Neither day itself is missed.
 */
export function countFrom(episodeStart: string, registeredOn: string | null): string {
  return registeredOn && registeredOn > episodeStart ? registeredOn : episodeStart;
}

/** The day after which missed days count: the last covered day of the episode, or else {@link countFrom}. */
function missedBase(lastCoveredDay: string | null, episodeStart: string, registeredOn: string | null): string {
  return lastCoveredDay && lastCoveredDay >= episodeStart ? lastCoveredDay : countFrom(episodeStart, registeredOn);
}

/**
 * Consecutive missed days as of `clinicDay`: the days after the last covered
 * day of the episode (or, if none is covered, after {@link countFrom}) up to
 * and including the day before `clinicDay`. Today is not missed until it has ended.
 */
export function consecutiveMissedDays(
  lastCoveredDay: string | null,
  episodeStart: string,
  clinicDay: string,
  registeredOn: string | null,
): number {
  const yesterday = addDays(clinicDay, -1);
  return Math.max(0, daysBetween(missedBase(lastCoveredDay, episodeStart, registeredOn), yesterday));
}

/**
 * {@link consecutiveMissedDays} in SQL, for statements over many clients:
 * `lastCovered` is the last covered day before `day` (NULL when none) and
 * `covered` whether `day` itself is covered, as the coverage fragments of
 * coverage-sql.ts give them; the others are date expressions.
 */
export function missedDaysSql(lastCovered: Sql, covered: Sql, episodeStart: Sql, day: Sql, registeredOn: Sql): Sql {
  return sql`CASE WHEN ${covered} THEN 0 ELSE GREATEST(0, (${day} - 1) - ${missedBaseSql(lastCovered, episodeStart, registeredOn)}) END`;
}

/** The day after which missed days count, in SQL (date expressions; `lastCovered` and `registeredOn` may be NULL). */
export function missedBaseSql(lastCovered: Sql, episodeStart: Sql, registeredOn: Sql): Sql {
  return sql`CASE WHEN ${lastCovered} >= ${episodeStart} THEN ${lastCovered} ELSE GREATEST(${episodeStart}, coalesce(${registeredOn}, ${episodeStart})) END`;
}

export function flagFor(missed: number, thresholds: Thresholds): DosingFlag {
  if (missed >= thresholds.dropoutDays) return 'dropped_out';
  if (missed >= thresholds.missedDosesRetitrate) return 'retitrate';
  if (missed >= thresholds.missedDosesAssess) return 'assess';
  return 'ok';
}

/**
 * The day the re-titration threshold's last missed day was missed (the
 * fifth, by default): an order in force whose effective date is on or after
 * it is the physician's re-order and lifts the suspension.
 */
export function retitrationDay(
  lastCoveredDay: string | null,
  episodeStart: string,
  registeredOn: string | null,
  thresholds: Thresholds,
): string {
  return addDays(missedBase(lastCoveredDay, episodeStart, registeredOn), thresholds.missedDosesRetitrate);
}

/** What a streak of missed days asks before the next dose, as the window and the dose rules read it. */
export interface DoseGate {
  /** The order is suspended: a physician must write an order effective on or after {@link retitrationDay}. */
  orderSuspended: boolean;
  /** The next dose needs an assessment note (from the assess threshold on, the first dose after a re-order included). */
  assessmentRequired: boolean;
}

/**
 * The gate before a dose as of a day: `flag` then, and the effective date of
 * the order in force (null when none: nothing to suspend). Once the day is
 * covered the streak is over and nothing is asked; out of treatment neither applies.
 */
export function doseGate(
  flag: DosingFlag,
  orderEffectiveDate: string | null,
  lastCoveredDay: string | null,
  episodeStart: string,
  registeredOn: string | null,
  thresholds: Thresholds,
): DoseGate {
  if (flag === 'ok' || flag === 'dropped_out') return { orderSuspended: false, assessmentRequired: false };
  const orderSuspended =
    flag === 'retitrate' &&
    orderEffectiveDate !== null &&
    orderEffectiveDate < retitrationDay(lastCoveredDay, episodeStart, registeredOn, thresholds);
  return { orderSuspended, assessmentRequired: true };
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

/**
 * The last day of the unbroken run of covered days that includes `day`, or
 * null when `day` is not covered. `doses`: the client's live doses from at
 * least 6 days before `day` on (a take-home covers at most 6 days).
 */
export function coveredUntil(doses: DoseCover[], day: string): string | null {
  const covered = new Set(doses.flatMap(daysCovered));
  if (!covered.has(day)) return null;
  let last = day;
  while (covered.has(addDays(last, 1))) last = addDays(last, 1);
  return last;
}

/** The order as the day's amounts need it. */
export interface OrderAmount {
  doseMg: number;
  splitDose: boolean;
}

/**
 * What was given at the window today (the live observed parts) and what may
 * still be given under the order: nothing once the day's parts are all given
 * (one, or two under a split order), or when today is covered by a take-home
 * dispense; the whole order before the first part. 0 without an order.
 */
export function todayAmounts(
  order: OrderAmount | null,
  observedMg: number[],
  coveredByTakeHome: boolean,
): { givenTodayMg: number; remainingTodayMg: number } {
  const givenTodayMg = observedMg.reduce((sum, mg) => sum + mg, 0);
  if (!order || coveredByTakeHome) return { givenTodayMg, remainingTodayMg: 0 };
  const parts = order.splitDose ? 2 : 1;
  const remainingTodayMg = observedMg.length >= parts ? 0 : Math.max(0, order.doseMg - givenTodayMg);
  return { givenTodayMg, remainingTodayMg };
}
