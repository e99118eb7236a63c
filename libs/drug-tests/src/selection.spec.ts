import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { daysInMonth, dueOn, MAX_DRUG_TESTS_PER_MONTH, selectedTestDays } from './selection';

const secret = Buffer.alloc(32, 7);
const month = fc
  .record({ year: fc.integer({ min: 2000, max: 2099 }), month: fc.integer({ min: 1, max: 12 }) })
  .map(({ year, month: m }) => `${year}-${String(m).padStart(2, '0')}`);

describe('the random choice of test days', () => {
  it('knows the length of each month, leap years included', () => {
    expect([daysInMonth('2026-01'), daysInMonth('2026-02'), daysInMonth('2028-02'), daysInMonth('2026-04')]).toEqual([31, 28, 29, 30]);
  });

  it('chooses the asked number of distinct days of the month, sorted, the same on every call', () => {
    fc.assert(
      fc.property(fc.uuid(), month, fc.integer({ min: 0, max: MAX_DRUG_TESTS_PER_MONTH }), (clientId, m, perMonth) => {
        const days = selectedTestDays(secret, clientId, m, perMonth);
        expect(days).toHaveLength(perMonth);
        expect(new Set(days).size).toBe(perMonth);
        expect([...days].sort()).toEqual(days);
        for (const day of days) {
          expect(day.slice(0, 7)).toBe(m);
          expect(Number(day.slice(8))).toBeGreaterThanOrEqual(1);
          expect(Number(day.slice(8))).toBeLessThanOrEqual(daysInMonth(m));
        }
        expect(selectedTestDays(secret, clientId, m, perMonth)).toEqual(days);
      }),
    );
  });

  it('never asks more days than the month has', () => {
    expect(selectedTestDays(secret, 'c', '2026-02', 40)).toHaveLength(28);
  });

  it('depends on the secret: another clinic’s secret chooses other days', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `client-${i}`);
    const other = randomBytes(32);
    const same = ids.filter(
      (id) => selectedTestDays(secret, id, '2026-03', 2).join() === selectedTestDays(other, id, '2026-03', 2).join(),
    ).length;
    // Two fixed days out of C(31, 2) = 465 pairs: a chance match or two at most.
    expect(same).toBeLessThan(5);
  });

  it('draws each day of the month equally often (chi-square over many clients)', () => {
    const counts = new Array<number>(31).fill(0);
    const clients = 6200;
    for (let i = 0; i < clients; i += 1) {
      for (const day of selectedTestDays(secret, `client-${i}`, '2026-01', 1)) counts[Number(day.slice(8)) - 1] += 1;
    }
    const expected = clients / 31;
    const chiSquare = counts.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    // 30 degrees of freedom: the 99.9th percentile is 59.7.
    expect(chiSquare).toBeLessThan(59.7);
  });

  it('says nothing about next month: consecutive months of one client agree no more than chance', () => {
    let matches = 0;
    for (let i = 0; i < 3000; i += 1) {
      const a = selectedTestDays(secret, `client-${i}`, '2026-03', 1)[0].slice(8);
      const b = selectedTestDays(secret, `client-${i}`, '2026-05', 1)[0].slice(8);
      if (a === b) matches += 1;
    }
    // Chance alone: 3000 / 31 ≈ 97 (sd ≈ 9.7).
    expect(matches).toBeGreaterThan(97 - 40);
    expect(matches).toBeLessThan(97 + 40);
  });
});

describe('what is due on a day', () => {
  const selected = ['2026-03-05', '2026-03-20'];

  it('lists a selected day without a test as selected, and not once tested', () => {
    expect(dueOn('2026-03-05', selected, [], '2026-01-01')).toEqual({ reason: 'selected', selectedOn: '2026-03-05' });
    expect(dueOn('2026-03-05', selected, ['2026-03-05'], '2026-01-01')).toBeNull();
  });

  it('lists an earlier selected day with no test on or after it as overdue, until a test is recorded', () => {
    expect(dueOn('2026-03-09', selected, [], '2026-01-01')).toEqual({ reason: 'overdue', selectedOn: '2026-03-05' });
    expect(dueOn('2026-03-09', selected, ['2026-03-07'], '2026-01-01')).toBeNull();
    expect(dueOn('2026-03-09', selected, ['2026-03-02'], '2026-01-01')).toEqual({ reason: 'overdue', selectedOn: '2026-03-05' });
  });

  it('does not hold a client to a selected day before their episode began', () => {
    expect(dueOn('2026-03-09', selected, [], '2026-03-06')).toBeNull();
    expect(dueOn('2026-03-20', selected, [], '2026-03-06')).toEqual({ reason: 'selected', selectedOn: '2026-03-20' });
  });

  it('matches the definition on any history (property)', () => {
    const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-02-${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(fc.uniqueArray(day, { maxLength: 4 }), fc.array(day, { maxLength: 5 }), day, day, (sel, tests, today, from) => {
        const selectedSorted = [...sel].sort();
        const answer = dueOn(today, selectedSorted, tests, from);
        if (today < from) return expect(answer).toBeNull();
        const open = selectedSorted.filter((s) => s >= from && s <= today && !tests.some((t) => t >= s && t <= today));
        if (answer === null) return expect(open.filter((s) => s < today || !tests.includes(today))).toEqual([]);
        expect(open).toContain(answer.selectedOn);
        expect(answer.reason).toBe(answer.selectedOn === today ? 'selected' : 'overdue');
      }),
    );
  });
});
