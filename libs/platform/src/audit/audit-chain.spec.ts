import { chainOf, ChainedFields, contentDigest, eventHash, GENESIS_HASH, GLOBAL_CHAIN, linkHash } from './audit-chain';

const event: ChainedFields = {
  id: '5b6f5c1e-8d8f-4c55-9f4c-0b7f6e1f2a3b',
  chain: GLOBAL_CHAIN,
  seq: '1',
  occurredAt: new Date('2026-11-28T01:02:03.456Z'),
  actorId: null,
  actorRole: null,
  clinicId: null,
  clientId: null,
  action: 'clinic.create',
  targetType: 'clinic',
  targetId: 'c1',
  grounds: 'role',
  details: { b: 2, a: 1 },
  requestId: 'r1',
  prevHash: GENESIS_HASH,
};

describe.each([1, 2])('audit chain hash, version %i', (version) => {
  const hash = (fields: ChainedFields): string | null => eventHash(fields, version);

  it('is a 64-character hex digest', () => {
    expect(hash(event)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on the order of keys in details', () => {
    expect(hash({ ...event, details: { a: 1, b: 2 } })).toBe(hash(event));
  });

  it('changes when any covered field changes', () => {
    const base = hash(event);
    expect(hash({ ...event, action: 'clinic.update' })).not.toBe(base);
    expect(hash({ ...event, prevHash: 'f'.repeat(64) })).not.toBe(base);
    expect(hash({ ...event, occurredAt: new Date('2026-11-28T01:02:03.457Z') })).not.toBe(base);
    expect(hash({ ...event, details: { a: 1, b: 3 } })).not.toBe(base);
    expect(hash({ ...event, seq: '2' })).not.toBe(base);
    expect(hash({ ...event, actorId: '5b6f5c1e-8d8f-4c55-9f4c-0b7f6e1f2a3c' })).not.toBe(base);
  });
});

describe('audit chain hash versions', () => {
  it('differ, so an event cannot pass as the other version', () => {
    expect(eventHash(event, 1)).not.toBe(eventHash(event, 2));
  });

  it('know no version but 1 and 2', () => {
    expect(eventHash(event, 3)).toBeNull();
  });

  it('links version 2 as SHA-256 over "prevHash:seq:content digest"', () => {
    expect(eventHash(event, 2)).toBe(linkHash(GENESIS_HASH, '1', contentDigest(event)));
  });
});

describe('audit chains', () => {
  it('puts events without a clinic on the global chain', () => {
    expect(chainOf(null)).toBe(GLOBAL_CHAIN);
    expect(chainOf('abc')).toBe('abc');
  });
});
