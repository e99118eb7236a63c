import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { sql, Sql } from '@tongban/platform';
import { currentMembershipsSql, inLedGroupSql, isCurrentMemberSql } from './current-membership-sql';

const GROUPS = 3;
const CLIENTS = 4;
const STAFF = 3;

/** One membership row: group and client by index, whether the client has left since. */
interface Membership {
  group: number;
  client: number;
  left: boolean;
}

/** A history as the area writes it: any number of ended memberships, at most one current one per group and client. */
const historyArb = fc
  .array(fc.record({ group: fc.nat(GROUPS - 1), client: fc.nat(CLIENTS - 1), left: fc.boolean() }), { maxLength: 16 })
  .map((rows) => {
    const current = new Set<string>();
    return rows.filter((row) => {
      const key = `${row.group}:${row.client}`;
      if (row.left) return true;
      if (current.has(key)) return false;
      current.add(key);
      return true;
    });
  });

const leadersArb = fc.uniqueArray(fc.record({ group: fc.nat(GROUPS - 1), staff: fc.nat(STAFF - 1) }), {
  selector: (leader) => `${leader.group}:${leader.staff}`,
  maxLength: 6,
});

/**
 * Current membership (who is in a group now, and whether a client is in a
 * group a staff member leads) in SQL against the rule as the product states
 * it: a client is in a group from joining until removed, and a removed
 * membership stays as history that never counts.
 */
describe('current membership in SQL', () => {
  let db: PGlite;

  beforeAll(async () => {
    db = new PGlite();
    await db.exec(`CREATE TABLE peer_group_member (id uuid PRIMARY KEY, group_id uuid NOT NULL, client_id uuid NOT NULL,
                                                   joined_at timestamptz NOT NULL DEFAULT now(), left_at timestamptz);
                   CREATE UNIQUE INDEX current_member ON peer_group_member (group_id, client_id) WHERE left_at IS NULL;
                   CREATE TABLE peer_group_leader (group_id uuid NOT NULL, staff_id uuid NOT NULL, PRIMARY KEY (group_id, staff_id));`);
  });
  afterAll(() => db.close());

  async function run<T>(statement: Sql): Promise<T[]> {
    return (await db.query<T>(statement.text, [...statement.values])).rows;
  }

  /** Writes a history under fresh ids (each run apart from the others); the ids of its groups, clients and staff. */
  async function write(memberships: Membership[], leaders: Array<{ group: number; staff: number }>) {
    const groups = Array.from({ length: GROUPS }, () => randomUUID());
    const clients = Array.from({ length: CLIENTS }, () => randomUUID());
    const staff = Array.from({ length: STAFF }, () => randomUUID());
    for (const row of memberships) {
      await db.query(`INSERT INTO peer_group_member (id, group_id, client_id, left_at) VALUES ($1, $2, $3, CASE WHEN $4 THEN now() END)`, [
        randomUUID(),
        groups[row.group],
        clients[row.client],
        row.left,
      ]);
    }
    for (const leader of leaders) {
      await db.query(`INSERT INTO peer_group_leader VALUES ($1, $2)`, [groups[leader.group], staff[leader.staff]]);
    }
    return { groups, clients, staff };
  }

  it('counts a client in a group exactly while a membership of theirs has not ended', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, leadersArb, async (memberships, leaders) => {
        const { groups, clients, staff } = await write(memberships, leaders);
        const isIn = (group: number, client: number) =>
          memberships.some((row) => row.group === group && row.client === client && !row.left);

        const expected = memberships
          .filter((row) => !row.left)
          .map((row) => `${groups[row.group]} ${clients[row.client]}`)
          .sort();
        const current = await run<{ group_id: string; client_id: string }>(
          sql`SELECT m.group_id, m.client_id FROM ${currentMembershipsSql} m WHERE m.group_id = ANY(${groups}::uuid[])`,
        );
        expect(current.map((row) => `${row.group_id} ${row.client_id}`).sort()).toEqual(expected);

        for (let group = 0; group < GROUPS; group++) {
          for (let client = 0; client < CLIENTS; client++) {
            const [row] = await run<{ member: boolean }>(
              sql`SELECT ${isCurrentMemberSql(sql`${clients[client]}::uuid`, sql`${groups[group]}::uuid`)} AS member`,
            );
            expect(row.member).toBe(isIn(group, client));
          }
        }
        for (let client = 0; client < CLIENTS; client++) {
          for (let member = 0; member < STAFF; member++) {
            const leads = leaders.some((leader) => leader.staff === member && isIn(leader.group, client));
            const [row] = await run<{ led: boolean }>(
              sql`SELECT ${inLedGroupSql(sql`${clients[client]}::uuid`, sql`${staff[member]}::uuid`)} AS led`,
            );
            expect(row.led).toBe(leads);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('no longer counts a client removed from a group, nor one who left the group a staff member leads', async () => {
    const { groups, clients, staff } = await write([{ group: 0, client: 0, left: true }], [{ group: 0, staff: 0 }]);
    const [row] = await run<{ member: boolean; led: boolean }>(
      sql`SELECT ${isCurrentMemberSql(sql`${clients[0]}::uuid`, sql`${groups[0]}::uuid`)} AS member,
                 ${inLedGroupSql(sql`${clients[0]}::uuid`, sql`${staff[0]}::uuid`)} AS led`,
    );
    expect(row).toEqual({ member: false, led: false });
  });
});
