import { MIGRATIONS } from '@tongban/platform/database/migrations';
import { startTestContext, TestContext } from '../support/test-context';

/**
 * Every suite's database starts out as a copy of one migrated once (a
 * PGlite image, a PostgreSQL template): it must be what the migrations make
 * today, or the suites would test another schema than the one deployed.
 */
describe("a suite's migrated database", () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await startTestContext();
  });
  afterAll(() => t.close());

  it('has every migration applied, in order, so the app started without running one', async () => {
    const applied = await t.dataSource.query<Array<{ name: string }>>('SELECT name FROM schema_migration ORDER BY timestamp');
    expect(applied.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => (new migration() as { name: string }).name));
    expect(await t.dataSource.showMigrations()).toBe(false);
  });

  it('holds the schema only: no clinic (the image and the template are taken before any app starts on them)', async () => {
    const before = await t.dataSource.query<Array<{ count: number }>>('SELECT count(*)::int AS count FROM clinic');
    expect(before[0].count).toBe(0);
  });
});
