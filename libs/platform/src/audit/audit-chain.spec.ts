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
  clientIds: null,
  action: 'clinic.create',
  targetType: 'clinic',
  targetId: 'c1',
  grounds: 'role',
  details: { b: 2, a: 1 },
  requestId: 'r1',
  prevHash: GENESIS_HASH,
};

describe.each([1, 2, 3])('audit chain hash, version %i', (version) => {
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
    expect(new Set([eventHash(event, 1), eventHash(event, 2), eventHash(event, 3)]).size).toBe(3);
  });

  it('know no version but 1, 2 and 3', () => {
    expect(eventHash(event, 4)).toBeNull();
  });

  it('links versions 2 and 3 as SHA-256 over "prevHash:seq:content digest"', () => {
    expect(eventHash(event, 2)).toBe(linkHash(GENESIS_HASH, '1', contentDigest(event, 2)));
    expect(eventHash(event, 3)).toBe(linkHash(GENESIS_HASH, '1', contentDigest(event, 3)));
  });

  it('covers the clients a list read showed from version 3 on', () => {
    const list = { ...event, clientIds: ['5b6f5c1e-8d8f-4c55-9f4c-0b7f6e1f2a3d'] };
    expect(eventHash(list, 3)).not.toBe(eventHash(event, 3));
    expect(eventHash({ ...list, clientIds: ['5b6f5c1e-8d8f-4c55-9f4c-0b7f6e1f2a3e'] }, 3)).not.toBe(eventHash(list, 3));
    expect(eventHash({ ...list, clientIds: [] }, 3)).not.toBe(eventHash(list, 3));
  });
});

describe('audit chains', () => {
  it('puts events without a clinic on the global chain', () => {
    expect(chainOf(null)).toBe(GLOBAL_CHAIN);
    expect(chainOf('abc')).toBe('abc');
  });
});
