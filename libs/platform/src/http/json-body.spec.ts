import fc from 'fast-check';
import { jsonBodyProblem, MAX_JSON_DEPTH, refusePrototypeKeys } from './json-body';

describe('jsonBodyProblem', () => {
  it('lets ordinary JSON through, Chinese text included', () => {
    expect(jsonBodyProblem(Buffer.from(JSON.stringify({ name: '张伟', tags: [1, 2, { a: '[{' }] })))).toBeNull();
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(jsonBodyProblem(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]))).toMatch(/UTF-8/);
  });

  it('refuses nesting deeper than the limit, but not brackets inside strings', () => {
    expect(jsonBodyProblem(Buffer.from('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1)))).toMatch(/deeper/);
    expect(jsonBodyProblem(Buffer.from(JSON.stringify({ a: '['.repeat(1000) })))).toBeNull();
    expect(jsonBodyProblem(Buffer.from(JSON.stringify({ a: 'say \\"[[[[' })))).toBeNull();
  });

  it('ends a string at a quote after an even run of backslashes, and counts the nesting after it', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
    expect(jsonBodyProblem(Buffer.from(`{"a":"ends in a backslash \\\\","b":${deep}}`))).toMatch(/deeper/);
    expect(jsonBodyProblem(Buffer.from(`{"a":"an escaped quote \\" ${deep}"}`))).toBeNull();
    expect(jsonBodyProblem(Buffer.from(`{"a":"three backslashes \\\\\\" ${deep}"}`))).toBeNull();
  });

  it('agrees with a byte-by-byte reading on any body of brackets, quotes, backslashes and commas', () => {
    const bodies = fc.array(fc.constantFrom('[', ']', '{', '}', '"', '\\', ',', 'a', ':'), { minLength: 1, maxLength: 80 });
    fc.assert(
      fc.property(bodies, (parts) => {
        const body = Buffer.from(`${'['.repeat(MAX_JSON_DEPTH - 2)}${parts.join('')}`);
        expect(jsonBodyProblem(body)).toEqual(byteByByte(body));
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses too many members', () => {
    const many = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
    expect(jsonBodyProblem(Buffer.from(JSON.stringify(many)))).toMatch(/items/);
  });
});

/** The same reading one byte at a time, as the definition to compare with. */
function byteByByte(body: Buffer): string | null {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const byte of body) {
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === 0x5c) escaped = true;
      else if (byte === 0x22) inString = false;
      continue;
    }
    if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      depth += 1;
      if (depth > MAX_JSON_DEPTH) return `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`;
    } else if (byte === 0x7d || byte === 0x5d) depth -= 1;
  }
  return null;
}

describe('refusePrototypeKeys', () => {
  it('throws on __proto__, constructor and prototype keys', () => {
    expect(() => JSON.parse('{"__proto__": {"x": 1}}', refusePrototypeKeys)).toThrow();
    expect(() => JSON.parse('{"a": {"constructor": 1}}', refusePrototypeKeys)).toThrow();
    expect(JSON.parse('{"a": 1}', refusePrototypeKeys)).toEqual({ a: 1 });
  });
});
