import { Caller } from '../access/caller';

/**
 * What the audit trail's routes ask of the client record: the codes of the
 * clients among `clientIds` that the caller may see (the client area's
 * access policy); the others are left out. The client record belongs to a
 * higher area, so it provides this under {@link CLIENT_CODES} (a global
 * provider of that area) for the HTTP application.
 */
export interface ClientCodes {
  visibleCodes(caller: Caller, clientIds: readonly string[]): Promise<Map<string, string>>;
}

/** The injection token of {@link ClientCodes}. */
export const CLIENT_CODES = Symbol('ClientCodes');
