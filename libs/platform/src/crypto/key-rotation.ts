import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { FieldCipher } from './field-cipher';
import { camelCase, sql } from '../database/sql';

/** A table with sealed columns, as an area declares it for key rotation. */
export interface SealedTable {
  table: string;
  columns: string[];
  /** Recomputes what derives from the plaintext (blind indexes) for these rows, inside the batch's transaction. */
  afterBatch?: (em: EntityManager, ids: string[]) => Promise<void>;
}

export interface RotationReport {
  table: string;
  rows: number;
  resealed: number;
}

const BATCH = 500;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Re-seals every sealed value under the current key, table by table, in
 * small batches of their own transactions: readers keep working throughout,
 * since every configured key still opens old values. Running it twice
 * changes nothing the second time.
 */
@Injectable()
export class KeyRotation {
  private readonly tables: SealedTable[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  /** Areas declare their sealed columns when their module starts. */
  register(table: SealedTable): void {
    for (const name of [table.table, ...table.columns]) {
      if (!IDENTIFIER.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
    }
    this.tables.push(table);
  }

  registered(): readonly SealedTable[] {
    return this.tables;
  }

  async rotate(onBatch?: (report: RotationReport) => void): Promise<RotationReport[]> {
    const reports: RotationReport[] = [];
    for (const spec of this.tables) {
      const report: RotationReport = { table: spec.table, rows: 0, resealed: 0 };
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const ids = await this.dataSource.transaction(async (em) => {
          const table = sql.ident(spec.table);
          const rows = await sql`SELECT id, ${sql.join(spec.columns.map((column) => sql`${sql.ident(column)} AS ${sql.ident(column)}`))}
                                   FROM ${table} WHERE id > ${after}::uuid ORDER BY id LIMIT ${BATCH} FOR UPDATE`.rows<
            Record<string, string | null>
          >(em);
          for (const row of rows) {
            // (rows come back camelCased: the columns are read by their mapped names)
            const valueOf = (column: string): string | null => row[camelCase(column)] ?? null;
            const stale = spec.columns.filter(
              (column) => valueOf(column) !== null && this.cipher.keyIdOf(valueOf(column)!) !== this.cipher.currentKeyId,
            );
            if (stale.length === 0) continue;
            const assignments = stale.map((column) => sql`${sql.ident(column)} = ${this.cipher.seal(this.cipher.open(valueOf(column)!))}`);
            await sql`UPDATE ${table} SET ${sql.join(assignments)} WHERE id = ${row.id}`.execute(em);
            report.resealed += 1;
          }
          const batchIds = rows.map((row) => row.id!);
          if (spec.afterBatch && batchIds.length > 0) await spec.afterBatch(em, batchIds);
          return batchIds;
        });
        report.rows += ids.length;
        onBatch?.(report);
        if (ids.length < BATCH) break;
        after = ids[ids.length - 1];
      }
      reports.push(report);
    }
    return reports;
  }
}
