import { Injectable } from '@nestjs/common';
import type { Caller } from '../access/caller';

/** The request being replayed, as a check needs it: its route's path pattern and its path parameters. */
export interface ReplayedRequest {
  routePath: string;
  params: Readonly<Record<string, string | string[]>>;
}

/**
 * Decides whether a stored answer may be replayed to this caller now: throws
 * (the area's usual 404 for what the caller may no longer see) when not.
 */
export type ReplayCheck = (caller: Caller, request: ReplayedRequest, answer: unknown) => Promise<void>;

/**
 * The checks a replayed `Idempotency-Key` answer passes first: access may have
 * ended since the first answer (a counselor taken off the care team), and a
 * replay must not show what a fresh request would not. Areas register theirs
 * when their module starts (as sealed columns register with KeyRotation);
 * the platform knows no area.
 */
@Injectable()
export class IdempotentReplayChecks {
  private readonly checks: ReplayCheck[] = [];

  register(check: ReplayCheck): void {
    this.checks.push(check);
  }

  async verify(caller: Caller, request: ReplayedRequest, answer: unknown): Promise<void> {
    for (const check of this.checks) await check(caller, request, answer);
  }
}
