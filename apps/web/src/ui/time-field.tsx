import { useEffect, useState } from 'react';
import { Group, Input } from '@mantine/core';
import { TimePicker } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { joinWallClock, splitWallClock } from '../i18n/clinic-time';
import { DateField, type FieldProps } from './date-field';

/**
 * A time of day (`HH:MM`, 24-hour) in the app's own field: hours and minutes
 * typed or chosen from lists, the same in every language, where the
 * browser's native time input would follow the device's locale (Debian's
 * Chromium shows `09:00 PM` to everyone).
 */
export function TimeField({
  value,
  onChange,
  required,
  testId,
  ...field
}: FieldProps & {
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <TimePicker
      {...field}
      // The API may answer `HH:MM:SS`; the field shows and sends minutes only.
      value={value.slice(0, 5)}
      onChange={onChange}
      required={required}
      format="24h"
      withDropdown
      minutesStep={5}
      clearable={!required}
      clearButtonProps={{ 'aria-label': t('datePicker.clear') }}
      hoursInputLabel={t('datePicker.hours')}
      minutesInputLabel={t('datePicker.minutes')}
      // Shown at once, not faded in: a half-transparent calendar is hard to read and fails contrast checks.
      popoverProps={{ withinPortal: true, transitionProps: { duration: 0 } }}
      data-testid={testId}
    />
  );
}

/**
 * A wall-clock date and time (`YYYY-MM-DDTHH:MM`, as `wallClockToInstant`
 * reads it) in a date field and a time field side by side. A half filled in
 * alone is kept (`YYYY-MM-DDT`, `THH:MM`) and named under the field, so the
 * form cannot take it for no time at all.
 */
export function DateTimeField({
  label,
  description,
  name,
  value,
  onChange,
  error,
  required,
  minDate,
  testId,
}: Omit<FieldProps, 'size' | 'w'> & {
  value: string;
  onChange: (value: string) => void;
  minDate?: string;
}) {
  const { t } = useTranslation();
  const [parts, setParts] = useState(() => splitWallClock(value));
  // A value set from outside (a form emptied after saving) replaces what the halves hold.
  useEffect(() => {
    if (value !== joinWallClock(parts)) setParts(splitWallClock(value));
  }, [value]);
  const change = (next: { date?: string; time?: string }) => {
    const merged = { ...parts, ...next };
    setParts(merged);
    onChange(joinWallClock(merged));
  };
  const incomplete = Boolean(parts.date) !== Boolean(parts.time);
  return (
    <Input.Wrapper
      label={label}
      labelElement="div"
      description={description}
      error={error ?? (incomplete ? t('datePicker.bothParts') : undefined)}
      required={required}
      data-testid={testId}
    >
      <Group role="group" aria-label={label} gap="xs" align="flex-start" wrap="nowrap" mt={4}>
        <DateField
          label={t('datePicker.date')}
          name={`${name}Date`}
          value={parts.date || null}
          onChange={(date) => change({ date: date ?? '' })}
          minDate={minDate}
          clearable={!required}
          testId={testId && `${testId}-date`}
          w={180}
        />
        <TimeField
          label={t('datePicker.time')}
          name={`${name}Time`}
          value={parts.time}
          onChange={(time) => change({ time })}
          testId={testId && `${testId}-time`}
          w={120}
        />
      </Group>
    </Input.Wrapper>
  );
}
