import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

export interface PersonName {
  givenName?: string | null;
  familyName?: string | null;
}

/** Chinese names read family name first, without a space; others by the language's custom. */
export function personName(name: PersonName, language: string): string {
  const given = name.givenName?.trim() ?? '';
  const family = name.familyName?.trim() ?? '';
  if (CJK.test(given + family)) return `${family}${given}`;
  return (language === 'zh-CN' ? [family, given] : [given, family]).filter(Boolean).join(' ');
}

/**
 * The time zone clinic times are typed and shown in: the signed-in user's
 * clinic's, whatever the device is set to; `undefined` (the browser's zone)
 * for an admin, who has no clinic, and before anyone signs in.
 */
export function useClinicTimeZone(): string | undefined {
  return useSession().user?.clinicTimeZone ?? undefined;
}

/** Dates, instants and numbers in the staff member's language; instants on the clinic's clock. */
export function useFormat() {
  const { i18n } = useTranslation();
  const language = i18n.language;
  const clinicTimeZone = useClinicTimeZone();
  return {
    language,
    /** A `YYYY-MM-DD` clinic day, shown as a calendar date (no time-zone shift). */
    date(day: string | null | undefined): string {
      if (!day) return '—';
      const [y, m, d] = day.split('-').map(Number);
      return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
    },
    /** A `YYYY-MM` month, shown as month and year. */
    month(month: string): string {
      const [y, m] = month.split('-').map(Number);
      return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
    },
    /** An instant as date and time in `timeZone`, by default the clinic's (see {@link useClinicTimeZone}). */
    dateTime(instant: string | null | undefined, timeZone = clinicTimeZone): string {
      if (!instant) return '—';
      return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(instant));
    },
    number(value: number | null | undefined, digits = 0): string {
      if (value === null || value === undefined) return '—';
      return new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value);
    },
    percent(value: number | null | undefined, digits = 1): string {
      if (value === null || value === undefined) return '—';
      return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: digits }).format(value);
    },
    name(name: PersonName): string {
      return personName(name, language);
    },
  };
}
