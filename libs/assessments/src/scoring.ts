import type { FieldError } from '@tongban/platform';
import { Instrument } from './instruments';

/** The scores of one administration. Means are rounded to 2 decimals (as the sources report them); sums are whole. */
export interface Scores {
  total: number;
  /** Subscale key → score, by the instrument's method; empty without subscales. */
  subscales: Record<string, number>;
  /** The severity band of the total, or null for an instrument without bands. */
  band: string | null;
}

/**
 * What is wrong with `answers` for `instrument`: a wrong count is an error on
 * `answers`; each answer that is not a whole number within the scale is an
 * error on `answers[i]` (0-based, as the body is indexed). Empty when valid.
 */
export function answerErrors(instrument: Instrument, answers: readonly unknown[]): FieldError[] {
  const errors: FieldError[] = [];
  const count = instrument.items.length;
  if (answers.length !== count) {
    errors.push({ field: 'answers', message: `answers must hold exactly ${count} answers, one per item`, limits: { count } });
  }
  const { min, max } = instrument.scale;
  answers.forEach((answer, i) => {
    if (typeof answer !== 'number' || !Number.isInteger(answer) || answer < min || answer > max) {
      errors.push({
        field: `answers[${i}]`,
        message: `answers[${i}] (item ${i + 1}) must be a whole number from ${min} to ${max}`,
        limits: { min, max },
      });
    }
  });
  return errors;
}

/** The score of item `number` (1-based) for `answer`: reversed items count `min + max − answer`. */
export function itemScore(instrument: Instrument, number: number, answer: number): number {
  const { min, max } = instrument.scale;
  return instrument.scoring.reversed.includes(number) ? min + max - answer : answer;
}

function combine(instrument: Instrument, numbers: readonly number[], answers: readonly number[]): number {
  const sum = numbers.reduce((acc, number) => acc + itemScore(instrument, number, answers[number - 1]), 0);
  return instrument.scoring.method === 'sum' ? sum : Math.round((sum / numbers.length) * 100) / 100;
}

/** The band whose inclusive range holds `total`, or null. */
export function bandOf(instrument: Instrument, total: number): string | null {
  return instrument.bands.find((band) => total >= band.min && total <= band.max)?.key ?? null;
}

/**
 * The published scoring of `answers` (valid ones: check `answerErrors` first):
 * the total over every item and each subscale over its items, by the
 * instrument's method (sum or mean), reversed items first turned round.
 */
export function score(instrument: Instrument, answers: readonly number[]): Scores {
  if (answerErrors(instrument, answers).length > 0) throw new RangeError('score() needs valid answers');
  const all = instrument.items.map((item) => item.number);
  const total = combine(instrument, all, answers);
  const subscales: Record<string, number> = {};
  for (const subscale of instrument.subscales) subscales[subscale.key] = combine(instrument, subscale.items, answers);
  return { total, subscales, band: bandOf(instrument, total) };
}
