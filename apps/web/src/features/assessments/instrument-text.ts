import type { Schemas } from '../../api/client';

export type Instrument = Schemas['InstrumentDto'];
export type Localized = Instrument['title'];

/** The app's language as the instruments key their texts. */
export function instrumentLanguage(language: string): 'zh-CN' | 'en' {
  return language.startsWith('zh') ? 'zh-CN' : 'en';
}

/**
 * A text of an instrument in the language, or the English one where no
 * published wording in that language exists (the instrument says so), or null
 * where the published wording is not shipped at all.
 */
export function localized(text: Localized, language: 'zh-CN' | 'en'): string | null {
  return text[language] ?? text.en ?? null;
}
