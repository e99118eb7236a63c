/** The languages of the app: every text of an instrument is given in both, or says why not. */
export type Language = 'zh-CN' | 'en';

/**
 * A text in both languages. `null` where no published wording could be
 * verified for that language: the app then shows the other language, never a
 * translation of its own (an item's wording is part of the instrument).
 */
export type Localized = Record<Language, string | null>;

export type InstrumentKey = 'mspss' | 'stigma' | 'phq9';
export const INSTRUMENT_KEYS: readonly InstrumentKey[] = ['mspss', 'stigma', 'phq9'];

export interface InstrumentItem {
  /** 1-based, as printed on the published form. */
  number: number;
  text: Localized;
}

export interface InstrumentSubscale {
  key: string;
  title: Localized;
  /** Item numbers (1-based). */
  items: readonly number[];
}

export interface SeverityBand {
  key: string;
  /** Inclusive bounds of the total. */
  min: number;
  max: number;
  title: Localized;
}

/**
 * How the total and the subscales are formed from the answers, as the source
 * scores them: `sum` of the item scores, or their `mean`; `reversed` items
 * score `min + max − answer` first.
 */
export interface InstrumentScoring {
  method: 'sum' | 'mean';
  reversed: readonly number[];
  /** The range of the total under that method. */
  totalRange: { min: number; max: number };
  note: string;
}

/** Where the text of a language comes from, or why the other language is shown instead. */
export interface TranslationNote {
  /** The published version used, or null when none could be verified (the English text is shown). */
  source: string | null;
  note: string;
}

/** A standard instrument, written as data from its published source. */
export interface Instrument {
  key: InstrumentKey;
  title: Localized;
  /** The published source of the items and of the scoring rule. */
  source: string;
  instructions: Localized;
  items: readonly InstrumentItem[];
  scale: { min: number; max: number; labels: ReadonlyArray<Localized> };
  subscales: readonly InstrumentSubscale[];
  bands: readonly SeverityBand[];
  scoring: InstrumentScoring;
  translation: Record<Language, TranslationNote>;
}
