import { AsyncLocalStorage } from 'node:async_hooks';

/** The idempotency claim the current request holds: its record and token. */
export interface HeldClaim {
  id: string;
  token: string;
}

/**
 * The claim of the request being handled, visible to everything that runs on
 * its behalf (its transactions included), so that `IdempotencyFence` can tie
 * the work's commit to the claim.
 */
export const heldClaim = new AsyncLocalStorage<HeldClaim>();
