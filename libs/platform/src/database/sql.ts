import { createHash } from 'node:crypto';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { plainValue, UuidArray } from './uuid-array';

/**
 * The one way to write SQL beside TypeORM's repositories and query builders.
 *
 * ```ts
 * const rows = await sql`SELECT id, clinic_id FROM audit_event WHERE id = ${id}`.rows<{ id: string; clinicId: string }>(em);
 * ```
 *
 * `sql` is a tagged template: every interpolated value becomes a parameter
 * (`$1`, `$2`, …) and only the template's own text is SQL, so a value can never
 * end up in the statement's text. An interpolated {@link Sql} fragment is
 * embedded with its parameters renumbered, so shared rules compose
 * (`sql`… WHERE ${hasConsentSql(sql`c.id`, 'reminders', today)}``). The few
 * pieces that are SQL but not written in a template are {@link sql.ident},
 * {@link sql.join} and {@link sql.keyword}.
 *
 * Rows come back with their column names in camelCase (`clinic_id` →
 * `clinicId`); a fragment runs on a transaction's `EntityManager` (or a
 * `QueryRunner`), on the `DataSource`, or on {@link PreparedStatements}
 * (prepared statements on PostgreSQL, for the hot reads outside transactions).
 */
export class Sql {
  /** The prepared statement's name on PostgreSQL, if one was given ({@link Sql.named}). */
  readonly name: string | null;
  /**
   * The statement flattened: its text around each parameter and the parameters, once asked for. A fragment keeps
   * what it was made of (a template's text and its interpolated values and fragments) and is flattened only when
   * it runs: a statement composed of rules several levels deep is then copied once, not once a level (the access
   * statement of a dose was an eighth of what the dose allocated).
   */
  private readonly memo: { parts?: readonly string[]; values?: readonly unknown[]; text?: string } = {};

  /** `strings` has one more element than `items`: the text around each interpolated value or fragment. */
  private constructor(
    private readonly strings: readonly string[],
    private readonly items: readonly unknown[],
    name: string | null = null,
  ) {
    this.name = name;
    Object.freeze(this);
  }

  /** The parameters, in the order of their numbers. */
  get values(): readonly unknown[] {
    return this.flat().values;
  }

  /** The statement's text, parameters numbered from `$1`. */
  get text(): string {
    if (this.memo.text === undefined) {
      const { parts } = this.flat();
      const pieces = new Array<string>(parts.length * 2 - 1);
      pieces[0] = parts[0];
      for (let i = 1; i < parts.length; i++) {
        pieces[2 * i - 1] = `$${i}`;
        pieces[2 * i] = parts[i];
      }
      this.memo.text = pieces.join('');
    }
    return this.memo.text;
  }

  /** @internal Builds a fragment from a template's pieces; use the `sql` tag. */
  static template(strings: readonly string[], interpolated: readonly unknown[]): Sql {
    return new Sql(strings, interpolated);
  }

  private flat(): { parts: readonly string[]; values: readonly unknown[] } {
    if (this.memo.parts === undefined || this.memo.values === undefined) {
      const parts: string[] = [''];
      const values: unknown[] = [];
      this.appendTo(parts, values);
      this.memo.parts = Object.freeze(parts);
      this.memo.values = Object.freeze(values);
    }
    return { parts: this.memo.parts, values: this.memo.values };
  }

  /** Appends this fragment's text and parameters to a statement being flattened (`parts` has one more element than `values`). */
  private appendTo(parts: string[], values: unknown[]): void {
    parts[parts.length - 1] += this.strings[0];
    for (let i = 0; i < this.items.length; i++) {
      const item = this.items[i];
      if (item instanceof Sql) item.appendTo(parts, values);
      else {
        values.push(item);
        parts.push('');
      }
      parts[parts.length - 1] += this.strings[i + 1];
    }
  }

  /** @internal Text that the helpers below have checked (identifiers, keywords). */
  static trusted(text: string): Sql {
    return new Sql([text], []);
  }

  /**
   * The same statement, run on PostgreSQL as the prepared statement `name`
   * (dotted, `area.what`) by {@link PreparedStatements}: each pooled connection
   * parses and plans it once. Its text must not vary with the values.
   */
  named(name: string): Sql {
    if (!/^[a-z][a-z0-9_.-]{0,40}$/.test(name)) throw new Error(`Bad statement name: ${name}`);
    return new Sql(this.strings, this.items, name);
  }

  /**
   * The fragment for a TypeORM query builder (`.where(text, params)`): its
   * parameters named `:<prefix>1`, `:<prefix>2`, … instead of numbered, so a
   * rule written once as a fragment serves both styles. `prefix` keeps
   * fragments of one builder apart.
   */
  forQueryBuilder(prefix: string): { text: string; params: Record<string, unknown> } {
    if (!/^[a-z][a-zA-Z0-9]*$/.test(prefix)) throw new Error('Bad parameter prefix');
    const { parts, values } = this.flat();
    let text = parts[0];
    const params: Record<string, unknown> = {};
    for (let i = 1; i < parts.length; i++) {
      params[`${prefix}${i}`] = plainValue(values[i - 1]);
      text += `:${prefix}${i}${parts[i]}`;
    }
    return { text, params };
  }

  /** All rows, column names in camelCase. */
  async rows<T extends object>(on: SqlTarget): Promise<T[]> {
    const result = await runOn(on, this);
    if (result.camelCase) return result.rows as T[];
    return result.rows.map((row) => camelCaseKeys(row) as T);
  }

  /** The one row the statement answers; an error (a fault of the statement) if it answers none or several. */
  async one<T extends object>(on: SqlTarget): Promise<T> {
    const rows = await this.rows<T>(on);
    if (rows.length !== 1) throw new Error(`Expected one row, got ${rows.length}${this.name ? ` (${this.name})` : ''}`);
    return rows[0];
  }

  /** The row the statement answers, or null; an error if it answers several. */
  async maybeOne<T extends object>(on: SqlTarget): Promise<T | null> {
    const rows = await this.rows<T>(on);
    if (rows.length > 1) throw new Error(`Expected at most one row, got ${rows.length}${this.name ? ` (${this.name})` : ''}`);
    return rows[0] ?? null;
  }

  /** Runs a statement for its effect; the number of rows it inserted, updated or deleted (or returned). */
  async execute(on: SqlTarget): Promise<number> {
    return (await runOn(on, this)).rowCount;
  }
}

/** A PostgreSQL keyword or constant that a statement may take from code (an order's direction, say). */
export type SqlKeyword = 'ASC' | 'DESC' | 'AND' | 'OR' | 'NULLS FIRST' | 'NULLS LAST' | 'TRUE' | 'FALSE' | 'NULL';
const KEYWORDS: ReadonlySet<string> = new Set<SqlKeyword>([
  'ASC',
  'DESC',
  'AND',
  'OR',
  'NULLS FIRST',
  'NULLS LAST',
  'TRUE',
  'FALSE',
  'NULL',
]);

interface SqlTag {
  (strings: TemplateStringsArray, ...values: unknown[]): Sql;
  /** A quoted identifier (`"c"`, or `"c"."client_id"` for several names): a table alias chosen by code, never by a caller. */
  ident(...names: string[]): Sql;
  /** Fragments joined by `separator` (default `, `); an empty list is empty text. */
  join(fragments: readonly Sql[], separator?: Sql): Sql;
  /** A keyword from a fixed set ({@link SqlKeyword}). */
  keyword(keyword: SqlKeyword): Sql;
  /** Ids as a `uuid[]` parameter (`$n::uuid[]`), sent in binary by prepared statements ({@link UuidArray}). */
  uuids(ids: readonly string[]): Sql;
  /** The empty fragment. */
  readonly empty: Sql;
}

export const sql: SqlTag = Object.assign((strings: TemplateStringsArray, ...values: unknown[]) => Sql.template(strings, values), {
  ident(...names: string[]): Sql {
    if (names.length === 0) throw new Error('An identifier needs a name');
    return Sql.trusted(
      names
        .map((name) => {
          if (name.length === 0 || name.length > 63 || name.includes('\0')) throw new Error('Bad SQL identifier');
          return `"${name.replace(/"/g, '""')}"`;
        })
        .join('.'),
    );
  },
  join(fragments: readonly Sql[], separator: Sql = Sql.trusted(', ')): Sql {
    const interpolated = fragments.flatMap((fragment, i) => (i === 0 ? [fragment] : [separator, fragment]));
    return Sql.template(new Array<string>(interpolated.length + 1).fill(''), interpolated);
  },
  keyword(keyword: SqlKeyword): Sql {
    if (!KEYWORDS.has(keyword)) throw new Error('Not an allowed SQL keyword');
    return Sql.trusted(keyword);
  },
  uuids(ids: readonly string[]): Sql {
    return Sql.template(['', '::uuid[]'], [new UuidArray(ids)]);
  },
  empty: Sql.trusted(''),
});

/** Runs named statements as prepared statements; see {@link PreparedStatements}. */
export interface PreparingTarget {
  runPrepared(statement: Sql): Promise<SqlResult>;
}

/** Where a statement runs: a transaction's manager or query runner, the data source, or the prepared-statement pool. */
export type SqlTarget = EntityManager | QueryRunner | DataSource | PreparingTarget;

export interface SqlResult {
  rows: Array<Record<string, unknown>>;
  rowCount: number;
  /** The rows' keys are already in camelCase (they are used as they are). */
  camelCase?: boolean;
}

/** The prepared statement's name on PostgreSQL: the given name (or `q`) and a digest of the text, so two texts never share one. */
export function preparedName(name: string | null, text: string): string {
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return `tongban_${(name ?? 'q').replace(/[.-]/g, '_')}_${digest}`;
}

async function runOn(on: SqlTarget, statement: Sql): Promise<SqlResult> {
  if ('runPrepared' in on) return on.runPrepared(statement);
  if ('initialize' in on) return runOnDataSource(on, statement);
  if ('connect' in on && 'startTransaction' in on) return runOnQueryRunner(on, statement);
  // An EntityManager: its transaction's query runner, else a connection of its own.
  if (on.queryRunner) return runOnQueryRunner(on.queryRunner, statement);
  return runOnDataSource(on.connection, statement);
}

/** @internal Runs a statement on a connection of its own (TypeORM's path). */
export async function runOnDataSource(dataSource: DataSource, statement: Sql): Promise<SqlResult> {
  const runner = dataSource.createQueryRunner();
  try {
    return await runOnQueryRunner(runner, statement);
  } finally {
    await runner.release();
  }
}

async function runOnQueryRunner(runner: QueryRunner, statement: Sql): Promise<SqlResult> {
  const result = await runner.query(statement.text, statement.values.map(plainValue), true);
  const rows = (Array.isArray(result.records) ? result.records : []) as Array<Record<string, unknown>>;
  return { rows, rowCount: typeof result.affected === 'number' ? result.affected : rows.length };
}

const camelCache = new Map<string, string>();

/** `clinic_id` → `clinicId`; names without an underscore stay as they are. */
export function camelCase(name: string): string {
  if (!name.includes('_')) return name;
  let camel = camelCache.get(name);
  if (camel === undefined) {
    camel = name.replace(/_+([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
    if (camelCache.size < 10_000) camelCache.set(name, camel);
  }
  return camel;
}

function camelCaseKeys(row: Record<string, unknown>): Record<string, unknown> {
  let changed = false;
  for (const key in row) {
    if (key.includes('_')) {
      changed = true;
      break;
    }
  }
  if (!changed) return row;
  const mapped: Record<string, unknown> = {};
  for (const key in row) mapped[camelCase(key)] = row[key];
  return mapped;
}
