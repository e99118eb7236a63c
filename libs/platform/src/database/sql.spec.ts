import { camelCase, preparedName, sql, Sql } from './sql';

describe('sql', () => {
  it('numbers interpolated values as parameters, in order', () => {
    const q = sql`SELECT * FROM client WHERE id = ${'a'} AND clinic_id = ${'b'} LIMIT ${3}`;
    expect(q.text).toBe('SELECT * FROM client WHERE id = $1 AND clinic_id = $2 LIMIT $3');
    expect(q.values).toEqual(['a', 'b', 3]);
  });

  it('embeds fragments with their parameters renumbered, however deep', () => {
    const inner = sql`x = ${1} AND y = ${2}`;
    const middle = sql`(${inner}) OR z = ${3}`;
    const q = sql`SELECT ${'first'}, ${middle}, ${inner} AND ${'last'}`;
    expect(q.text).toBe('SELECT $1, (x = $2 AND y = $3) OR z = $4, x = $5 AND y = $6 AND $7');
    expect(q.values).toEqual(['first', 1, 2, 3, 1, 2, 'last']);
    // The fragment itself is unchanged.
    expect(inner.text).toBe('x = $1 AND y = $2');
  });

  it('reads the same whether a fragment was read on its own before it was embedded, or after', () => {
    const inner = sql`x = ${1}`;
    const read = [inner.text, inner.values];
    const outer = sql`SELECT ${'a'} WHERE ${inner} OR ${sql.join([inner, inner], sql` AND `)}`.named('test.outer');
    expect(outer.text).toBe('SELECT $1 WHERE x = $2 OR x = $3 AND x = $4');
    expect(outer.values).toEqual(['a', 1, 1, 1]);
    expect([inner.text, inner.values]).toEqual(read);
    expect(outer.forQueryBuilder('p')).toEqual({
      text: 'SELECT :p1 WHERE x = :p2 OR x = :p3 AND x = :p4',
      params: { p1: 'a', p2: 1, p3: 1, p4: 1 },
    });
  });

  it('never puts a value into the text, whatever the value holds', () => {
    const hostile = ["'; DROP TABLE client; --", '$1', '"x"', 'SELECT', { text: 'x' }, ['a', 'b'], null, new Date(0)];
    for (const value of hostile) {
      const q = sql`SELECT ${value} AS v, ${sql`${value}`} AS w`;
      expect(q.text).toBe('SELECT $1 AS v, $2 AS w');
      expect(q.values).toEqual([value, value]);
    }
  });

  it('is immutable', () => {
    const q = sql`SELECT ${1}`;
    expect(Object.isFrozen(q)).toBe(true);
    expect(Object.isFrozen(q.values)).toBe(true);
    expect(() => (q.values as unknown[]).push(2)).toThrow();
  });

  it('joins fragments with a separator, renumbering each', () => {
    const rows = [1, 2, 3].map((n) => sql`(${n}, ${`r${n}`})`);
    const q = sql`INSERT INTO t (n, r) VALUES ${sql.join(rows)}`;
    expect(q.text).toBe('INSERT INTO t (n, r) VALUES ($1, $2), ($3, $4), ($5, $6)');
    expect(q.values).toEqual([1, 'r1', 2, 'r2', 3, 'r3']);
    expect(sql.join([sql`a = ${1}`, sql`b = ${2}`], sql` AND `).text).toBe('a = $1 AND b = $2');
    expect(sql`x${sql.join([])}y`.text).toBe('xy');
  });

  it('quotes identifiers and takes keywords only from its set', () => {
    expect(sql`SELECT ${sql.ident('c', 'client_id')} FROM client ${sql.ident('c')}`.text).toBe('SELECT "c"."client_id" FROM client "c"');
    expect(sql.ident('a"b').text).toBe('"a""b"');
    expect(() => sql.ident('')).toThrow();
    expect(sql`ORDER BY id ${sql.keyword('DESC')}`.text).toBe('ORDER BY id DESC');
    expect(() => sql.keyword('DESC; DROP TABLE client' as 'DESC')).toThrow();
    expect(sql`a${sql.empty}b`.text).toBe('ab');
  });

  it('names prepared statements by the given name and the text', () => {
    const a = sql`SELECT ${1}`.named('dosing.window');
    expect(a.name).toBe('dosing.window');
    expect(preparedName(a.name, a.text)).toMatch(/^tongban_dosing_window_[0-9a-f]{16}$/);
    expect(preparedName('dosing.window', sql`SELECT ${2}`.text)).toBe(preparedName(a.name, a.text));
    expect(preparedName('dosing.window', sql`SELECT ${2} + 1`.text)).not.toBe(preparedName(a.name, a.text));
    expect(() => sql`SELECT 1`.named("x'; --")).toThrow();
    expect(preparedName(a.name, a.text).length).toBeLessThanOrEqual(63);
  });

  it('maps snake_case column names to camelCase', () => {
    expect(camelCase('clinic_id')).toBe('clinicId');
    expect(camelCase('last_error_code')).toBe('lastErrorCode');
    expect(camelCase('covers_2_days')).toBe('covers2Days');
    expect(camelCase('clinicId')).toBe('clinicId');
    expect(camelCase('id')).toBe('id');
  });

  it('maps rows through the runner to camelCase, and counts affected rows', async () => {
    const runner = {
      connect: () => undefined,
      startTransaction: () => undefined,
      query: (text: string, values: unknown[]) =>
        Promise.resolve({ records: [{ client_id: values[0], time_zone: text, plain: 1 }], affected: 7 }),
    };
    const q = sql`SELECT ${'c1'}`;
    const rows = await q.rows<{ clientId: string; timeZone: string; plain: number }>(runner as never);
    expect(rows).toEqual([{ clientId: 'c1', timeZone: 'SELECT $1', plain: 1 }]);
    await expect(q.one(runner as never)).resolves.toEqual(rows[0]);
    await expect(q.maybeOne(runner as never)).resolves.toEqual(rows[0]);
    await expect(q.execute(runner as never)).resolves.toBe(7);
    const none = { ...runner, query: () => Promise.resolve({ records: [], affected: 0 }) };
    await expect(q.maybeOne(none as never)).resolves.toBeNull();
    await expect(q.one(none as never)).rejects.toThrow('Expected one row');
  });

  it('gives a query builder the same fragment with named parameters', () => {
    const q = sql`a = ${1} AND b::uuid = ${'x'}`;
    expect(q.forQueryBuilder('pol')).toEqual({ text: 'a = :pol1 AND b::uuid = :pol2', params: { pol1: 1, pol2: 'x' } });
    expect(() => q.forQueryBuilder('x; --')).toThrow();
  });

  it('is the only way to make a fragment', () => {
    expect(sql`x` instanceof Sql).toBe(true);
  });
});
