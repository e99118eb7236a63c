import { sql, Sql } from '@tongban/platform';

/*
 * Current group membership, in one place. A membership row of
 * `peer_group_member` is current from the client's joining until their
 * removal sets `left_at`; the row then stays as history. A client has at
 * most one current membership of a group (`UQ_peer_group_member_current`, a
 * unique index over exactly the current rows). Every statement that asks who
 * is in a group now, whether a client is, or whether a client is in a group
 * a staff member leads, builds on these definitions, in this area and in the
 * areas that ask (the access policy, meeting reminders and their send-time
 * check). This file loads nothing but the platform, so a process that needs
 * the rule (the worker) loads it by its path without the rest of the area.
 */

/** The membership row `member` (an alias of a `peer_group_member` row) is current. */
export function currentMembershipSql(member: Sql): Sql {
  return sql`${member}.left_at IS NULL`;
}

/** Every current membership as a relation `(group_id, client_id, joined_at)`, to join or select from. */
export const currentMembershipsSql: Sql = sql`(SELECT cm.group_id, cm.client_id, cm.joined_at
   FROM peer_group_member cm WHERE ${currentMembershipSql(sql`cm`)})`;

/** The client (`clientId`, an SQL expression) is a current member of the group (`groupId`, an SQL expression). */
export function isCurrentMemberSql(clientId: Sql, groupId: Sql): Sql {
  return sql`EXISTS (SELECT 1 FROM ${currentMembershipsSql} icm WHERE icm.client_id = ${clientId} AND icm.group_id = ${groupId})`;
}

/**
 * The client (`clientId`, an SQL expression) is a current member of a group
 * that the staff member (`staffId`, an SQL expression) leads: the relation of
 * a peer leader to a client, which the access policy of the client record
 * asks under `LED_GROUP_RULE`.
 */
export function inLedGroupSql(clientId: Sql, staffId: Sql): Sql {
  return sql`EXISTS (SELECT 1 FROM ${currentMembershipsSql} lgm JOIN peer_group_leader lgl ON lgl.group_id = lgm.group_id
                   WHERE lgm.client_id = ${clientId} AND lgl.staff_id = ${staffId})`;
}

/**
 * The client (`clientId`, an SQL expression) was a member of some group at
 * any time between the instants `from` and `until` (SQL expressions for
 * timestamptz): joined before `until` and not left before `from`, current or
 * since left (the peer-group uptake report).
 */
export function memberDuringSql(clientId: Sql, from: Sql, until: Sql): Sql {
  return sql`EXISTS (SELECT 1 FROM peer_group_member dm
                    WHERE dm.client_id = ${clientId} AND dm.joined_at < ${until} AND (dm.left_at IS NULL OR dm.left_at >= ${from}))`;
}
