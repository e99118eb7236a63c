import type { MantineSize } from '@mantine/core';
import { DateInput, DatePickerInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format';
import { parseTypedDate } from '../i18n/typed-date';
import 'dayjs/locale/zh-cn';
import '@mantine/dates/styles.css';
import './date-field.css';

/** What every date and time field takes besides its value. */
export interface FieldProps {
  label: string;
  description?: string;
  name: string;
  error?: string;
  required?: boolean;
  testId?: string;
  /** `lg` where the form is used on a phone or tablet. */
  size?: MantineSize;
  w?: number;
}

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
 * `typed` lets the date be typed as well (a date of birth, an intake years
 * ago: far from today to click through a calendar).
 */
export function DateField({
  value,
  onChange,
  minDate,
  maxDate,
  testId,
  typed,
  clearable,
  ...field
}: FieldProps & {
  value: string | null;
  onChange: (value: string | null) => void;
  minDate?: string;
  maxDate?: string;
  typed?: boolean;
  /** An optional date (a filter's bound) that can be emptied again. */
  clearable?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { locale, valueFormat } = LOCALES[i18n.language] ?? LOCALES.en;
  const Picker = typed ? DateInput : DatePickerInput;
  return (
    <Picker
      {...field}
      value={value}
      onChange={onChange}
      minDate={minDate}
      maxDate={maxDate}
      locale={locale}
      valueFormat={valueFormat}
      firstDayOfWeek={1}
      getDayAriaLabel={(day) => format.date(day)}
      classNames={{ day: 'tb-date-day' }}
      // Each day and month named by its value, for the browser tests' date picking.
      getDayProps={(day) => ({ 'data-date': day })}
      getMonthControlProps={(month) => ({ 'data-month': month.slice(0, 7) })}
      ariaLabels={{
        previousMonth: t('datePicker.previousMonth'),
        nextMonth: t('datePicker.nextMonth'),
        previousYear: t('datePicker.previousYear'),
        nextYear: t('datePicker.nextYear'),
        previousDecade: t('datePicker.previousDecade'),
        nextDecade: t('datePicker.nextDecade'),
      }}
      // Shown at once, not faded in: a half-transparent calendar is hard to read and fails contrast checks.
      popoverProps={{ withinPortal: true, transitionProps: { duration: 0 } }}
      {...(typed ? { dateParser: parseTypedDate, placeholder: t('datePicker.typeHint') } : {})}
      clearable={clearable}
      clearButtonProps={{ 'aria-label': t('datePicker.clear') }}
      data-testid={testId}
    />
  );
}
