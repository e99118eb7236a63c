import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './common';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The one thing kept in localStorage: the staff member's language choice. */
const LANGUAGE_KEY = 'tongban.language';

export function initialLanguage(): Language {
  const chosen = localStorage.getItem(LANGUAGE_KEY);
  if (chosen === 'zh-CN' || chosen === 'en') return chosen;
  return navigator.languages.some((tag) => tag.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export async function chooseLanguage(language: Language): Promise<void> {
  localStorage.setItem(LANGUAGE_KEY, language);
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}

/** Translations per area: each feature registers its own namespace. */
export type Messages = { [key: string]: string | Messages };
export interface Bundle {
  en: Messages;
  'zh-CN': Messages;
}

export function registerMessages(namespace: string, bundle: Bundle): void {
  for (const language of LANGUAGES) i18next.addResourceBundle(language, namespace, bundle[language], true, true);
}

export async function setUpI18n(): Promise<void> {
  const language = initialLanguage();
  document.documentElement.lang = language;
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    ns: ['common'],
    defaultNS: 'common',
    resources: { en: { common: common.en }, 'zh-CN': { common: common['zh-CN'] } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}
