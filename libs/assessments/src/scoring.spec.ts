import fc from 'fast-check';
import { INSTRUMENTS } from './instruments';
import { answerErrors, bandOf, score } from './scoring';

const { mspss, stigma, phq9 } = INSTRUMENTS;

describe('MSPSS scoring (Zimet et al. 1988: means of items)', () => {
  it('scores all-1 answers 1 and all-7 answers 7, overall and on every subscale', () => {
    expect(score(mspss, Array(12).fill(1))).toEqual({ total: 1, subscales: { family: 1, friends: 1, significant_other: 1 }, band: null });
    expect(score(mspss, Array(12).fill(7))).toEqual({ total: 7, subscales: { family: 7, friends: 7, significant_other: 7 }, band: null });
  });

  it('scores a mixed example as computed by hand from the published item keys', () => {
    // Items 1..12: SO = 1,2,5,10; Fam = 3,4,8,11; Fri = 6,7,9,12.
    const answers = [7, 6, 5, 4, 7, 2, 3, 4, 1, 6, 5, 2];
    // SO: 7+6+7+6 = 26 → 6.5; Fam: 5+4+4+5 = 18 → 4.5; Fri: 2+3+1+2 = 8 → 2; total 52/12 = 4.333… → 4.33
    expect(score(mspss, answers)).toEqual({ total: 4.33, subscales: { family: 4.5, friends: 2, significant_other: 6.5 }, band: null });
  });

  it('has the published subscales: 4 items each, every item in exactly one', () => {
    const items = mspss.subscales.flatMap((s) => s.items).sort((a, b) => a - b);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(mspss.subscales.find((s) => s.key === 'family')?.items).toEqual([3, 4, 8, 11]);
    expect(mspss.subscales.find((s) => s.key === 'friends')?.items).toEqual([6, 7, 9, 12]);
    expect(mspss.subscales.find((s) => s.key === 'significant_other')?.items).toEqual([1, 2, 5, 10]);
  });

  it('keeps the total between 1 and 7 and equal to the mean of the three subscales (equal sizes)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 12, maxLength: 12 }), (answers) => {
        const s = score(mspss, answers);
        const mean = answers.reduce((a, b) => a + b, 0) / 12;
        expect(s.total).toBeCloseTo(mean, 2);
        expect(s.total).toBeGreaterThanOrEqual(1);
        expect(s.total).toBeLessThanOrEqual(7);
      }),
    );
  });
});

describe('PSAS scoring (Luoma et al. 2010: 1–4, items 1, 2, 3, 4, 6, 8 reversed, summed)', () => {
  it('scores all-1 and all-4 answers by hand: reversed items turned round, the others as they are', () => {
    // Reversed (1,2,3,4,6,8): 5 − 1 = 4 each → 24; items 5, 7: 1 each → 2; total 26.
    expect(score(stigma, Array(8).fill(1)).total).toBe(26);
    // Reversed: 5 − 4 = 1 each → 6; items 5, 7: 4 each → 8; total 14.
    expect(score(stigma, Array(8).fill(4)).total).toBe(14);
  });

  it('reaches the published extremes 8 and 32', () => {
    expect(score(stigma, [4, 4, 4, 4, 1, 4, 1, 4]).total).toBe(8);
    expect(score(stigma, [1, 1, 1, 1, 4, 1, 4, 1]).total).toBe(32);
  });

  it('scores a mixed example by hand', () => {
    // answers 2,3,1,4,3,2,4,1 → reversed 1:3, 2:2, 3:4, 4:1, 6:3, 8:4; as is 5:3, 7:4 → 3+2+4+1+3+3+4+4 = 24
    expect(score(stigma, [2, 3, 1, 4, 3, 2, 4, 1])).toEqual({ total: 24, subscales: {}, band: null });
  });
});

describe('PHQ-9 scoring (Kroenke et al. 2001: summed, banded)', () => {
  it('scores all-0 as 0 (minimal) and all-3 as 27 (severe)', () => {
    expect(score(phq9, Array(9).fill(0))).toEqual({ total: 0, subscales: {}, band: 'minimal' });
    expect(score(phq9, Array(9).fill(3))).toEqual({ total: 27, subscales: {}, band: 'severe' });
  });

  it.each([
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately_severe'],
    [19, 'moderately_severe'],
    [20, 'severe'],
  ])('puts a total of %i in the band %s', (total, band) => {
    expect(bandOf(phq9, total)).toBe(band);
  });

  it('bands cover 0–27 without gap or overlap', () => {
    for (let total = 0; total <= 27; total++) expect(phq9.bands.filter((b) => total >= b.min && total <= b.max)).toHaveLength(1);
  });

  it('scores a mixed example by hand', () => {
    expect(score(phq9, [1, 2, 0, 3, 1, 1, 0, 2, 0])).toEqual({ total: 10, subscales: {}, band: 'moderate' });
  });
});

describe('answer validation', () => {
  it('names a wrong count on answers and an out-of-range answer by its index', () => {
    expect(answerErrors(phq9, Array(8).fill(0)).map((e) => e.field)).toEqual(['answers']);
    expect(answerErrors(phq9, [0, 0, 0, 4, 0, 0, 0, 0, 0]).map((e) => e.field)).toEqual(['answers[3]']);
    expect(answerErrors(mspss, [0, ...Array(11).fill(1)]).map((e) => e.field)).toEqual(['answers[0]']);
    expect(answerErrors(mspss, [1.5, ...Array(11).fill(1)]).map((e) => e.field)).toEqual(['answers[0]']);
    expect(answerErrors(stigma, Array(8).fill(5)).map((e) => e.field)).toEqual(Array.from({ length: 8 }, (_, i) => `answers[${i}]`));
    expect(answerErrors(stigma, Array(8).fill(2))).toEqual([]);
  });

  it('refuses to score invalid answers', () => {
    expect(() => score(phq9, [0])).toThrow(RangeError);
  });
});

describe('instrument data', () => {
  it.each(Object.values(INSTRUMENTS))('$key: items numbered 1…n, one scale label per point, cites its source', (instrument) => {
    expect(instrument.items.map((i) => i.number)).toEqual(instrument.items.map((_, i) => i + 1));
    expect(instrument.scale.labels).toHaveLength(instrument.scale.max - instrument.scale.min + 1);
    expect(instrument.source.length).toBeGreaterThan(20);
  });

  it('has the published item counts', () => {
    expect([mspss.items.length, stigma.items.length, phq9.items.length]).toEqual([12, 8, 9]);
  });
});
