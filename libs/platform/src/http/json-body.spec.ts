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

  it('refuses too many members', () => {
    const many = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
    expect(jsonBodyProblem(Buffer.from(JSON.stringify(many)))).toMatch(/items/);
  });
});

describe('refusePrototypeKeys', () => {
  it('throws on __proto__, constructor and prototype keys', () => {
    expect(() => JSON.parse('{"__proto__": {"x": 1}}', refusePrototypeKeys)).toThrow();
    expect(() => JSON.parse('{"a": {"constructor": 1}}', refusePrototypeKeys)).toThrow();
    expect(JSON.parse('{"a": 1}', refusePrototypeKeys)).toEqual({ a: 1 });
  });
});
