/**
 * Preloaded into Tongban (`node --require`) by `npm run bench -- statements`:
 * appends every statement the process sends through `pg` (one JSON string a
 * line) to the file named by BENCH_STATEMENT_LOG. For counting round trips,
 * never for timing: each line is written synchronously.
 */
import { appendFileSync } from 'node:fs';
import { Client } from 'pg';

const file = process.env.BENCH_STATEMENT_LOG;

function textOf(statement: unknown): string {
  if (typeof statement === 'string') return statement;
  if (statement && typeof statement === 'object' && typeof (statement as { text?: unknown }).text === 'string') {
    return (statement as { text: string }).text;
  }
  return `<${(statement as object | null)?.constructor?.name ?? 'unknown'}>`;
}

if (file) {
  const original = Reflect.get(Client.prototype, 'query') as (...args: unknown[]) => unknown;
  Reflect.set(Client.prototype, 'query', function (this: Client, ...args: unknown[]): unknown {
    appendFileSync(file, `${JSON.stringify(textOf(args[0]).replace(/\s+/g, ' ').trim())}\n`);
    return original.apply(this, args);
  });
}
