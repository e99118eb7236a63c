import { addDays } from '@tongban/platform';
import type { ReferralStatus } from './entities/referral.entity';

/**
 * When a care plan's next review is due: `reviewDays` after its latest
 * review, or after the plan's start when it has none (product.md, "Daily
 * work": care-plan reviews every 90 days, a clinic setting). Null without a
 * plan.
 */
export function nextReviewDue(plan: { startedOn: string; reviewDates: readonly string[] } | null, reviewDays: number): string | null {
  if (!plan) return null;
  const latest = plan.reviewDates.reduce((max, date) => (date > max ? date : max), plan.startedOn);
  return addDays(latest, reviewDays);
}

/** Days after a referral's date at which one still `made`, with no outcome, asks its referrer to follow it up. */
export const REFERRAL_FOLLOW_UP_DAYS = 30;

/** The day a referral asks for follow-up, or null when it no longer does (it has an outcome, or moved on from `made`). */
export function referralFollowUpDue(referral: { date: string; status: ReferralStatus; hasOutcome: boolean }): string | null {
  return referral.status === 'made' && !referral.hasOutcome ? addDays(referral.date, REFERRAL_FOLLOW_UP_DAYS) : null;
}

/**
 * The moves a referral's status may make: from `made` to whether the client
 * went, or closed; from attended or not to closed (or corrected to the other
 * one); `closed` is final. Staying put is allowed (an outcome added later).
 */
const NEXT: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  made: ['made', 'attended', 'not_attended', 'closed'],
  attended: ['attended', 'not_attended', 'closed'],
  not_attended: ['not_attended', 'attended', 'closed'],
  closed: [],
};

export function mayMoveReferral(from: ReferralStatus, to: ReferralStatus): boolean {
  return NEXT[from].includes(to);
}
