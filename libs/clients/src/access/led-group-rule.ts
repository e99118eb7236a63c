import type { Sql } from '@tongban/platform';

/**
 * A peer leader's relation to a client as SQL: the client (`clientId`, a
 * uuid expression) is a current member of a group the staff member
 * (`staffId`, a uuid expression) leads.
 *
 * Group membership belongs to libs/peer-groups (its `inLedGroupSql`, built on
 * the one definition of current membership); the access policy that asks it
 * belongs here. libs/peer-groups imports this library, so it provides the
 * rule under {@link LED_GROUP_RULE} (a global provider of the peer-groups
 * area), the same way round as the drop-out rule. A process that loads the
 * access policy without the peer-groups area does not start (Nest names the
 * missing provider).
 */
export type LedGroupRule = (clientId: Sql, staffId: Sql) => Sql;

/** The injection token of the {@link LedGroupRule}. */
export const LED_GROUP_RULE = Symbol('LedGroupRule');
