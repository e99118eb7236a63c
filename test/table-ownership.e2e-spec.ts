import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The table-ownership check of `npm run check` (scripts/table-ownership.mjs), run as the check runs it. */
const SCRIPT = join(process.cwd(), 'scripts/table-ownership.mjs');
const check = (root: string) => spawnSync(process.execPath, [SCRIPT, '--root', root], { encoding: 'utf8' });

describe('the table-ownership check', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'tongban-ownership-'));
    cpSync(join(process.cwd(), 'libs'), join(root, 'libs'), { recursive: true });
    cpSync(join(process.cwd(), 'apps'), join(root, 'apps'), { recursive: true, filter: (src) => !src.includes('/apps/web/') });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('passes on the code as it is', () => {
    const result = check(process.cwd());
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('fails, naming file, line, table and owner, when an area names another area’s table in SQL', () => {
    mkdirSync(join(root, 'libs/family/src/planted'), { recursive: true });
    writeFileSync(
      join(root, 'libs/family/src/planted/doses.ts'),
      'export const sql = `SELECT count(*) FROM dosing_visit v\n  JOIN consent c ON c.client_id = v.client_id`;\n',
    );
    // A read across areas is allowed only for the tables listed with its reason.
    appendFileSync(join(root, 'libs/reports/src/reports.repository.ts'), "\nexport const planted = 'SELECT 1 FROM emergency_access';\n");
    // A query builder's join counts too; the owner's own use does not.
    writeFileSync(
      join(root, 'apps/cli/src/planted.ts'),
      "export const q = (qb: any) => qb.innerJoin('staff', 's', 's.id = x.staff_id');\n",
    );
    writeFileSync(join(root, 'libs/dosing/src/planted.ts'), "export const own = 'SELECT 1 FROM dose_order';\n");

    const result = check(root);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n').sort();
    expect(lines).toEqual([
      expect.stringMatching(/^apps\/cli\/src\/planted\.ts:1: table staff belongs to libs\/staff/),
      expect.stringMatching(/^libs\/family\/src\/planted\/doses\.ts:1: table dosing_visit belongs to libs\/dosing/),
      expect.stringMatching(/^libs\/family\/src\/planted\/doses\.ts:2: table consent belongs to libs\/clients/),
      expect.stringMatching(/^libs\/reports\/src\/reports\.repository\.ts:\d+: table emergency_access belongs to libs\/clients/),
    ]);
  });
});
