import { randomUUID } from 'node:crypto';
import { PreparedStatements, sql, Sql } from '@tongban/platform';
import { startTestContext, TestContext } from '../support/test-context';

/**
 * `sql.uuids`: a uuid[] parameter, sent in PostgreSQL's binary form by
 * prepared statements and as an array elsewhere, reads the same on every
 * path: order and repeats kept, an empty array empty, a malformed id refused
 * by PostgreSQL as before.
 */
describe('uuid[] parameters (sql.uuids)', () => {
  let t: TestContext;
  let prepared: PreparedStatements;

  beforeAll(async () => {
    t = await startTestContext();
    prepared = t.app.get(PreparedStatements);
  });
  afterAll(() => t.close());

  const read = (ids: readonly string[]): Sql =>
    sql`SELECT coalesce(array_to_string(${sql.uuids(ids)}, ','), '') AS ids, cardinality(${sql.uuids(ids)}) AS count`.named('test.uuids');

  /** The statement on each path: prepared, on the data source, inside a transaction. */
  const everywhere = async (ids: readonly string[]): Promise<Array<{ ids: string; count: number }>> => [
    await read(ids).one<{ ids: string; count: number }>(prepared),
    await read(ids).one<{ ids: string; count: number }>(t.dataSource),
    await t.dataSource.transaction((em) => read(ids).one<{ ids: string; count: number }>(em)),
  ];

  it('reads 1,400 ids back in order, with repeats, on every path', async () => {
    const ids = Array.from({ length: 1400 }, () => randomUUID());
    ids.push(ids[0]);
    for (const row of await everywhere(ids)) expect(row).toEqual({ ids: ids.join(','), count: ids.length });
  });

  it('reads upper-case ids as PostgreSQL writes them (lower case)', async () => {
    const id = randomUUID();
    for (const row of await everywhere([id.toUpperCase()])) expect(row).toEqual({ ids: id, count: 1 });
  });

  it('reads an empty list as an empty array', async () => {
    for (const row of await everywhere([])) expect(row).toEqual({ ids: '', count: 0 });
  });

  it('leaves a malformed id for PostgreSQL to refuse, on every path', async () => {
    const id = randomUUID();
    const malformed = [
      'not-a-uuid',
      `${randomUUID()},${randomUUID()}`,
      `${id}0`,
      `g${id.slice(1)}`,
      `${id.slice(0, 8)}a${id.slice(9)}`,
      '',
    ];
    for (const bad of malformed) {
      for (const on of [prepared, t.dataSource]) {
        await expect(read([randomUUID(), bad]).one(on)).rejects.toMatchObject({ code: '22P02' });
      }
    }
  });
});
