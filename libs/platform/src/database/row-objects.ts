import { camelCase } from './sql';

/** Rows read as arrays, as objects keyed by their columns' names in camelCase (a later column of a name wins, as in `pg`'s objects). */
export function objectsOf(fields: ReadonlyArray<{ name: string }>, rows: unknown[][]): Array<Record<string, unknown>> {
  const build = rowBuilderFor(fields.map((field) => camelCase(field.name)));
  const objects = new Array<Record<string, unknown>>(rows.length);
  for (let r = 0; r < rows.length; r++) objects[r] = build(rows[r]);
  return objects;
}

/** Row builders by their keys (joined with NUL, which no column name holds); a statement's columns rarely change. */
const ROW_BUILDERS = new Map<string, (values: unknown[]) => Record<string, unknown>>();
const MAX_ROW_BUILDERS = 1000;

/**
 * A function that makes a row's object from its values, keys in column order. It is an object literal with the
 * keys written out, so every row of a statement has the same shape from the start and each value is stored at a
 * known place: setting them by a key held in a variable made building the objects a twentieth of a window read's
 * CPU (ten times less with the keys written as computed keys, fifty times less as plain ones). The keys are column
 * names (of the project's own statements) written as JSON string literals.
 */
export function rowBuilderFor(keys: readonly string[]): (values: unknown[]) => Record<string, unknown> {
  const id = keys.join('\0');
  let build = ROW_BUILDERS.get(id);
  if (!build) {
    const body = `return { ${keys.map((key, index) => `${literalKey(key)}: values[${index}]`).join(', ')} };`;
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the text is built from column names only (above).
    build = new Function('values', body) as (values: unknown[]) => Record<string, unknown>;
    if (ROW_BUILDERS.size >= MAX_ROW_BUILDERS) ROW_BUILDERS.clear();
    ROW_BUILDERS.set(id, build);
  }
  return build;
}

/** A key as an object literal writes it: `__proto__` as a computed key, which defines a property (a plain one sets the prototype). */
function literalKey(key: string): string {
  return key === '__proto__' ? `[${JSON.stringify(key)}]` : JSON.stringify(key);
}
