import type { ReactNode } from 'react';
import { Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { DateRangeForm, type DateRange } from './date-range';
import { saveExport, useExportLanguage, type BlobResult } from './download';
import { ExportButtons } from './export-buttons';
import { NS } from './messages';
import { QueryState } from './query-state';

/** The one choice a report offers beside its dates (how to group or show its figures). */
export interface ReportChoice<Value extends string> {
  label: string;
  name: string;
  value: Value;
  width: number;
  options: { value: Value; label: string }[];
  onChange: (value: Value) => void;
}

/**
 * A report over a date range with a CSV export: the title and export button, the dates with the report's own
 * choice, what the report shows, and its query's state.
 */
export function ReportFrame<Value extends string>({
  title,
  exportName,
  fetchCsv,
  range,
  onRange,
  choice,
  isPending,
  error,
  children,
}: {
  title: string;
  /** The start of the export's file name. */
  exportName: string;
  /** Fetches the CSV export in the given language. */
  fetchCsv: (lang: 'zh-CN' | 'en') => Promise<BlobResult>;
  range: DateRange;
  onRange: (range: DateRange) => void;
  choice: ReportChoice<Value>;
  isPending: boolean;
  error: unknown;
  children: ReactNode;
}) {
  const timeZone = useClinicTimeZone();
  const lang = useExportLanguage();
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Title order={2}>{title}</Title>
        <ExportButtons formats={['csv']} onExport={() => saveExport(fetchCsv(lang), exportName, 'csv', timeZone)} />
      </Group>
      <Paper withBorder p="md">
        <DateRangeForm value={range} onApply={onRange} error={error}>
          <NativeSelect
            label={choice.label}
            name={choice.name}
            value={choice.value}
            w={choice.width}
            data={choice.options}
            onChange={(event) => choice.onChange(event.currentTarget.value as Value)}
          />
        </DateRangeForm>
      </Paper>
      {children}
      <QueryState isPending={isPending} error={error} />
    </Stack>
  );
}

/** The days a report's figures cover, as the API chose them. */
export function ReportWindow({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  return (
    <Text size="sm" c="dimmed" data-testid="report-window">
      {t('filters.window', { from: format.date(from), to: format.date(to) })}
    </Text>
  );
}
