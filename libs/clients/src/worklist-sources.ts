import { Injectable } from '@nestjs/common';
import { Caller } from '@tongban/platform';

/** What a worklist item asks of the caller (api.md, "Drug tests, assessments, care plans, referrals, worklist"). */
export const WORKLIST_KINDS = [
  'drug_test_due',
  'appointment',
  'missed_doses',
  'positive_test',
  'care_plan_review',
  'consent_expiring',
  'unassigned_client',
  'reminder_failed',
  'referral_follow_up',
  'peer_meeting',
  'guest_dosing',
  'transfer_pending',
] as const;
export type WorklistKind = (typeof WORKLIST_KINDS)[number];

/** One thing due: on a client (their id and code) or, for a staff reminder, on none. */
export interface WorklistEntry {
  kind: WorklistKind;
  clientId: string | null;
  code: string | null;
  /** The clinic day it is due on (earlier than the day asked about when overdue). */
  dueOn: string;
  /** What the web app words the item from: ids, dates, counts, never personal data beyond the code. */
  detail: Record<string, string | number | boolean | null>;
}

/**
 * What an area adds to the worklist of the day (product.md, "Daily work"):
 * each area that owns a kind of due work registers one source at module init.
 * A source answers only for the roles it serves and only with clients the
 * caller may see (the access policy's visibility), in one statement or a few.
 */
export interface WorklistSource {
  readonly kinds: readonly WorklistKind[];
  /** What is due for the caller on `day` (a clinic day of the caller's clinic), or nothing for a role it does not serve. */
  itemsFor(caller: Caller, day: string): Promise<WorklistEntry[]>;
}

/** The sources registered by the areas, asked together for `GET /worklist`. */
@Injectable()
export class WorklistSources {
  private readonly sources: WorklistSource[] = [];

  register(source: WorklistSource): void {
    this.sources.push(source);
  }

  /** Every source's items for the caller on `day`, the earliest due first, then by kind and code. */
  async itemsFor(caller: Caller, day: string): Promise<WorklistEntry[]> {
    if (!caller.clinicId) return [];
    const found = (await Promise.all(this.sources.map((source) => source.itemsFor(caller, day)))).flat();
    return found.sort(
      (a, b) =>
        a.dueOn.localeCompare(b.dueOn) ||
        WORKLIST_KINDS.indexOf(a.kind) - WORKLIST_KINDS.indexOf(b.kind) ||
        (a.code ?? '').localeCompare(b.code ?? ''),
    );
  }
}
