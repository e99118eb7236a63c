import { chainOf, eventHash, GENESIS_HASH, GLOBAL_CHAIN, ChainedFields } from './audit-chain';

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

describe('audit chain hash', () => {
  it('is a 64-character hex digest', () => {
    expect(eventHash(event)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on the order of keys in details', () => {
    expect(eventHash({ ...event, details: { a: 1, b: 2 } })).toBe(eventHash(event));
  });

  it('changes when any covered field changes', () => {
    const base = eventHash(event);
    expect(eventHash({ ...event, action: 'clinic.update' })).not.toBe(base);
    expect(eventHash({ ...event, prevHash: 'f'.repeat(64) })).not.toBe(base);
    expect(eventHash({ ...event, occurredAt: new Date('2026-11-28T01:02:03.457Z') })).not.toBe(base);
    expect(eventHash({ ...event, details: { a: 1, b: 3 } })).not.toBe(base);
    expect(eventHash({ ...event, seq: '2' })).not.toBe(base);
  });

  it('puts events without a clinic on the global chain', () => {
    expect(chainOf(null)).toBe(GLOBAL_CHAIN);
    expect(chainOf('abc')).toBe('abc');
  });
});
