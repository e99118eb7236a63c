import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { objectsOf } from './row-objects';
import { PreparingTarget, preparedName, runOnDataSource, Sql, SqlResult } from './sql';
import { preparedValue } from './uuid-array';

/**
 * Where the statements of a hot path run on their own (outside a
 * transaction): the reads of every request and of a dose, one-statement
 * writes, the reminders' delivery. Pass it to a fragment's `rows`/`one`/
 * `execute`. On PostgreSQL through `pg` each statement runs as a named
 * prepared statement ({@link preparedName}: the fragment's name from
 * `Sql.named` and a digest of its text), so each pooled connection parses and
 * plans it once and then only binds and executes it, and PostgreSQL may keep
 * a generic plan. Planning was most of PostgreSQL's work on a dose's reads
 * (docs/benchmarks.md). On embedded PGlite, a plain statement through
 * TypeORM.
 *
 * The texts must not vary with the values (values go in parameters), so
 * their number stays small: each connection keeps one prepared statement
 * per text. Never use it inside a transaction: use the transaction's manager.
 */
@Injectable()
export class PreparedStatements implements PreparingTarget {
  /** The prepared statements' names, by the name given to the statement, each with its text. */
  private readonly names = new Map<string, Array<{ text: string; name: string }>>();
  private readonly pool: Pool | null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const master: unknown = (dataSource.driver as { master?: unknown }).master;
    this.pool = master instanceof Pool ? master : null;
  }

  async runPrepared(statement: Sql): Promise<SqlResult> {
    // Once the data source is closed, TypeORM answers as for any other statement (the database is unavailable).
    if (!this.pool || !this.dataSource.isInitialized) return runOnDataSource(this.dataSource, statement);
    // The rows come as arrays and are made objects here, keyed in camelCase at once (one object a row, not two).
    const result = await this.pool.query<unknown[]>({
      name: this.nameOf(statement.name, statement.text),
      text: statement.text,
      values: statement.values.map(preparedValue),
      rowMode: 'array',
    });
    return { rows: objectsOf(result.fields, result.rows), rowCount: result.rowCount ?? result.rows.length, camelCase: true };
  }

  /**
   * The raw rows of a query builder's statement, run as a prepared statement
   * on PostgreSQL (for a builder whose text does not vary with its values);
   * the builder's own aliases, unmapped.
   */
  async rawMany<T>(builder: SelectQueryBuilder<ObjectLiteral>): Promise<T[]> {
    const [text, values] = builder.getQueryAndParameters();
    if (!this.pool || !this.dataSource.isInitialized) return builder.getRawMany<T>();
    const name = this.nameOf('builder', text);
    return (await this.pool.query<T & Record<string, unknown>>({ name, text, values: values as unknown[] })).rows;
  }

  /**
   * The prepared statement's name for a text: found among the texts already
   * seen under the same given name by comparing them (a text is kilobytes
   * long; a map keyed by it would hash the whole text on every statement).
   */
  private nameOf(given: string | null, text: string): string {
    const key = given ?? '';
    let known = this.names.get(key);
    if (!known) {
      known = [];
      this.names.set(key, known);
    }
    for (const entry of known) if (entry.text === text) return entry.name;
    const name = preparedName(given, text);
    known.push({ text, name });
    return name;
  }
}
