import type { Schemas } from '../../api/client';

/** The order in force as the window shows it (api.md "Dosing"; `note` is the physician's note for the window). */
export type WindowOrder = Schemas['ActiveOrderDto'] & { note?: string | null };

/**
 * One row of `GET /dosing/today` as api.md states it. The fields the window
 * reads to decide what a dose needs (`orderSuspended`, `assessmentRequired`,
 * `givenTodayMg`, `remainingTodayMg`, `coveredUntil`) come from the API; the
 * window never works them out itself. They are optional here only so the
 * app builds against an API that does not send them yet.
 */
export type WindowItem = Omit<Schemas['DosingTodayItemDto'], 'activeOrder'> & {
  activeOrder: WindowOrder | null;
} & Partial<{
    givenName: string | null;
    familyName: string | null;
    dateOfBirth: string | null;
    hasPhoto: boolean;
    orderSuspended: boolean;
    assessmentRequired: boolean;
    givenTodayMg: number;
    remainingTodayMg: number | null;
    coveredUntil: string | null;
    drugTestDue: boolean;
    guest: { homeClinicCode: string } | null;
  }>;

export type Flag = WindowItem['flag'];

const FLAG_ORDER: Record<string, number> = { retitrate: 0, assess: 1 };

/** Clients who need something before a dose come first: re-titration, then assessment, then everyone else (in the API's order). */
export function flaggedFirst(items: WindowItem[]): WindowItem[] {
  return items
    .map((item, index) => ({ item, index, rank: FLAG_ORDER[item.flag] ?? 2 }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ item }) => item);
}

/**
 * Today's list narrowed at once to what the nurse typed, while the API's
 * search (`?q=`: names, phone) is on its way: a code (`KM01-000123`), just
 * its number (`123`), or part of the preferred name. Exact number matches
 * come first, so a keystroke or two finds the client at the window.
 */
export function narrowLocally(items: WindowItem[], typed: string): WindowItem[] {
  const query = typed.trim().toLowerCase();
  if (!query) return items;
  const number = /^\d+$/.test(query) ? String(Number(query)) : null;
  const score = (item: WindowItem): number => {
    const code = item.code.toLowerCase();
    const codeNumber = String(Number(code.split('-').pop() ?? ''));
    if (number !== null && codeNumber === number) return 0;
    if (code === query) return 0;
    if (code.includes(query)) return 1;
    if (number !== null && codeNumber.startsWith(number)) return 2;
    if (item.preferredName?.toLowerCase().includes(query)) return 3;
    return -1;
  };
  return items
    .map((item) => ({ item, rank: score(item) }))
    .filter(({ rank }) => rank >= 0)
    .sort((a, b) => a.rank - b.rank)
    .map(({ item }) => item);
}

/** The local matches first, then what only the API's search found (a full name, a phone number). */
export function mergeMatches(local: WindowItem[], fromApi: WindowItem[] | undefined): WindowItem[] {
  if (!fromApi) return local;
  const seen = new Set(local.map((item) => item.clientId));
  return [...local, ...fromApi.filter((item) => !seen.has(item.clientId))];
}

/** Full years between a date of birth and a clinic day (both `YYYY-MM-DD`). */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** What stands in the way of a dose today, as the API states it; null when a dose may be recorded. */
export type Blocker = 'dropped_out' | 'suspended' | 'no_order' | 'dosed';

export function blockerOf(item: WindowItem): Blocker | null {
  if (item.flag === 'dropped_out') return 'dropped_out';
  if (item.orderSuspended) return 'suspended';
  if (!item.activeOrder) return 'no_order';
  if (item.dosed && !(item.activeOrder.splitDose && (item.remainingTodayMg ?? 0) > 0)) return 'dosed';
  return null;
}

/** What `GET /clients/:id/dosing-status` says about one client now (api.md), optional where the API may not send it yet. */
export type FreshStatus = {
  clinicDay?: string;
  flag: Flag;
  consecutiveMissedDays: number;
  activeOrder: WindowOrder | null;
} & Partial<
  Pick<WindowItem, 'orderSuspended' | 'assessmentRequired' | 'givenTodayMg' | 'remainingTodayMg' | 'coveredUntil' | 'drugTestDue' | 'guest'>
>;

/**
 * The row of the list (who: identity, photo) with the client's status read
 * when the dialog opens (what a dose needs now: the list may be a minute old,
 * and another window may have dosed them since). `dosed` is "today is
 * covered", which `coveredUntil` states.
 */
export function withFreshStatus(item: WindowItem, status: FreshStatus): WindowItem {
  const fields = {
    flag: status.flag,
    consecutiveMissedDays: status.consecutiveMissedDays,
    activeOrder: status.activeOrder,
    orderSuspended: status.orderSuspended,
    assessmentRequired: status.assessmentRequired,
    givenTodayMg: status.givenTodayMg,
    remainingTodayMg: status.remainingTodayMg,
    coveredUntil: status.coveredUntil,
    drugTestDue: status.drugTestDue,
    guest: status.guest,
    dosed: status.coveredUntil === undefined ? item.dosed : status.coveredUntil !== null,
  };
  const merged: WindowItem = { ...item };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) Object.assign(merged, { [key]: value });
  return merged;
}
