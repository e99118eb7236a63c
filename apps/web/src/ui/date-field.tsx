import { DatePickerInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format';
import 'dayjs/locale/zh-cn';
import '@mantine/dates/styles.css';

/** The dayjs locale and the way a chosen date reads in the field, per language of the app. */
const LOCALES: Record<string, { locale: string; valueFormat: string }> = {
  'zh-CN': { locale: 'zh-cn', valueFormat: 'YYYY年M月D日' },
  en: { locale: 'en', valueFormat: 'MMM D, YYYY' },
};

/**
 * A calendar date (`YYYY-MM-DD`) chosen in the app's own picker, in the
 * staff member's language: Debian's Chromium has only the en-US pack, so the
 * browser's native date input would show US formats and English to everyone.
 * Each day of the calendar is named as the app writes dates (`useFormat().date`).
 */
export function DateField({
  label,
  name,
  value,
  onChange,
  error,
  required,
  minDate,
  maxDate,
  testId,
}: {
  label: string;
  name: string;
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string;
  required?: boolean;
  minDate?: string;
  maxDate?: string;
  testId?: string;
}) {
  const { i18n } = useTranslation();
  const format = useFormat();
  const { locale, valueFormat } = LOCALES[i18n.language] ?? LOCALES.en;
  return (
    <DatePickerInput
      label={label}
      name={name}
      value={value}
      onChange={onChange}
      error={error}
      required={required}
      minDate={minDate}
      maxDate={maxDate}
      locale={locale}
      valueFormat={valueFormat}
      firstDayOfWeek={1}
      getDayAriaLabel={(day) => format.date(day)}
      popoverProps={{ withinPortal: true }}
      data-testid={testId}
    />
  );
}
