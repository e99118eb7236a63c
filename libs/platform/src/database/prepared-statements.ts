import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';

/** What runs a statement and answers its rows: a transaction's EntityManager, the DataSource, or {@link PreparedStatements}. */
export interface Queryable {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

/**
 * Statements run on their own (outside a transaction) on a hot path: the
 * reads of every request and of a dose, and one-statement writes. On
 * PostgreSQL through `pg` each distinct statement text runs as a named
 * prepared statement (the name is a digest of the text), so each pooled
 * connection parses and plans it once and then only binds and executes it,
 * and PostgreSQL may keep a generic plan. Planning was most of PostgreSQL's
 * work on a dose's reads (docs/benchmarks.md). On embedded PGlite, a plain
 * query through TypeORM.
 *
 * The texts must be fixed at their call sites (values go in parameters),
 * so their number stays small: each connection keeps one prepared statement
 * per text.
 */
@Injectable()
export class PreparedStatements implements Queryable {
  private readonly names = new Map<string, string>();
  private readonly pool: Pool | null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const master: unknown = (dataSource.driver as { master?: unknown }).master;
    this.pool = master instanceof Pool ? master : null;
  }

  async query<T = unknown>(sql: string, params: unknown[] = []): Promise<T> {
    // Once the data source is closed, TypeORM answers as for any other statement (the database is unavailable).
    if (!this.pool || !this.dataSource.isInitialized) return this.dataSource.query<T>(sql, params);
    const result = await this.pool.query({ name: this.nameOf(sql), text: sql, values: params });
    return result.rows as T;
  }

  private nameOf(sql: string): string {
    let name = this.names.get(sql);
    if (!name) {
      name = `tongban_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
      this.names.set(sql, name);
    }
    return name;
  }
}
