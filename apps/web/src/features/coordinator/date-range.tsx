import { useState, type FormEvent, type ReactNode } from 'react';
import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFieldErrors } from '../../ui/errors';
import { NS } from './messages';
import { DateField } from '../../ui/date-field';

export interface DateRange {
  from?: string;
  to?: string;
}

/**
 * A from/to filter applied with its button (so a half-typed date does not
 * send a request per key press). Empty dates let the API choose its default.
 */
export function DateRangeForm({
  value,
  onApply,
  error,
  children,
}: {
  value: DateRange;
  onApply: (range: DateRange) => void;
  error?: unknown;
  children?: ReactNode;
}) {
  const { t } = useTranslation(NS);
  const fieldError = useFieldErrors(error);
  const [from, setFrom] = useState(value.from ?? '');
  const [to, setTo] = useState(value.to ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply({ from: from || undefined, to: to || undefined });
  }

  return (
    <form noValidate onSubmit={submit} aria-label={t('filters.title')}>
      <Group align="flex-end" gap="sm">
        <RangeFields from={from} to={to} onFrom={setFrom} onTo={setTo} fieldError={fieldError} />
        {children}
        <Button type="submit" data-testid="apply-filters">
          {t('filters.apply')}
        </Button>
      </Group>
    </form>
  );
}

/** The from and to dates of a report filter, each clearable (an empty date lets the API choose). */
export function RangeFields({
  from,
  to,
  onFrom,
  onTo,
  fieldError,
}: {
  from: string;
  to: string;
  onFrom: (day: string) => void;
  onTo: (day: string) => void;
  fieldError: (field: string) => string | undefined;
}) {
  const { t } = useTranslation(NS);
  return (
    <>
      <DateField
        label={t('filters.from')}
        name="from"
        value={from || null}
        onChange={(day) => onFrom(day ?? '')}
        error={fieldError('from')}
        clearable
        testId="filter-from"
        w={170}
      />
      <DateField
        label={t('filters.to')}
        name="to"
        value={to || null}
        onChange={(day) => onTo(day ?? '')}
        error={fieldError('to')}
        clearable
        testId="filter-to"
        w={170}
      />
    </>
  );
}
