import type { Sql } from '@tongban/platform';

/**
 * Guest dosing as SQL, for the access policy's guest rule (`GUEST_RULE`):
 * `hosted` is true when an arrangement for the client (`clientId`, a uuid
 * expression) with the host clinic (`hostClinicId`) is in force on `day` (a
 * date expression, the host clinic's day); `awayOn` is, for the clients of a
 * home clinic (`homeClinicId`) away on `day`, a relation `(client_id, away)`
 * with the arrangement in force as a JSON object `{ hostClinicId, until }`
 * (where the home window says the client is dosing).
 *
 * Arrangements belong to libs/guest-dosing, which stands on this library, so
 * it provides the rule under {@link HOSTED_GUEST_RULE} (a global provider of
 * its area), as the peer groups provide `LED_GROUP_RULE`. A process that
 * loads the access policy without the guest-dosing area does not start.
 */
export interface HostedGuestRule {
  hosted(clientId: Sql, hostClinicId: Sql, day: Sql): Sql;
  awayOn(homeClinicId: Sql, day: Sql): Sql;
}

/** The injection token of the {@link HostedGuestRule}. */
export const HOSTED_GUEST_RULE = Symbol('HostedGuestRule');
