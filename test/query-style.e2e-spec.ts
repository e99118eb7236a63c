import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';

/**
 * The lint rule of `npm run check` that keeps one query style: a `.query(`
 * call (raw SQL on a manager, data source or pool) is an error outside the
 * `sql` helper's own implementation (libs/platform/src/database) and the
 * migrations. Run with the rule as eslint.config.mjs declares it, on planted code.
 */
describe('the one-query-style lint rule', () => {
  let eslint: ESLint;

  beforeAll(async () => {
    const config = (await import(pathToFileURL(join(process.cwd(), 'eslint.config.mjs')).href)) as { default: Linter.Config[] };
    const rule = config.default.filter((block) => block.rules?.['no-restricted-syntax'] !== undefined);
    expect(rule).toHaveLength(1);
    eslint = new ESLint({
      cwd: process.cwd(),
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...rule],
    });
  });

  const lint = async (path: string, code: string): Promise<Linter.LintMessage[]> => {
    const [result] = await eslint.lintText(code, { filePath: join(process.cwd(), path) });
    return result.messages;
  };

  const raw = `
    export async function planted(em: any, dataSource: any, id: string) {
      await em.query('SELECT 1 FROM dose_order WHERE id = $1', [id]);
      return dataSource.query<Array<{ id: string }>>(\`SELECT id FROM client WHERE id = '\${id}'\`);
    }`;

  it('fails on a raw .query( call in an area or an app, pointing at the sql helper', async () => {
    for (const path of ['libs/family/src/planted.ts', 'apps/worker/src/planted.ts']) {
      const messages = await lint(path, raw);
      expect(messages.map((m) => [m.ruleId, m.severity, m.line])).toEqual([
        ['no-restricted-syntax', 2, 3],
        ['no-restricted-syntax', 2, 4],
      ]);
      expect(messages[0].message).toMatch(/sql tagged template of @tongban\/platform/);
    }
  });

  it('fails on text made SQL without the tag', async () => {
    const code = `
      import { Sql } from '@tongban/platform';
      export const planted = (name: string) => Sql.trusted('SELECT * FROM ' + name);`;
    const messages = await lint('libs/family/src/planted.ts', code);
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([['no-restricted-syntax', 3]]);
  });

  it('passes a statement written with the sql helper', async () => {
    const code = `
      import { sql } from '@tongban/platform';
      export function planted(em: any, id: string) {
        return sql\`SELECT id FROM client WHERE id = \${id}\`.rows<{ id: string }>(em);
      }`;
    expect(await lint('libs/family/src/planted.ts', code)).toEqual([]);
  });

  it('allows .query( only in the helper’s implementation, the migrations and tests', async () => {
    expect(await lint('libs/platform/src/database/planted.ts', raw)).toEqual([]);
    expect(await lint('libs/platform/src/database/migrations/1796541000000-Planted.ts', raw)).toEqual([]);
    expect(await lint('libs/family/src/planted.spec.ts', raw)).toEqual([]);
    expect(await lint('libs/platform/src/audit/planted.ts', raw)).toHaveLength(2);
  });
});
