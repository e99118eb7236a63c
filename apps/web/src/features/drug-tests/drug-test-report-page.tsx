import { useState } from 'react';
import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { ColumnTable } from '../../ui/column-table';
import { DateRangeForm, type DateRange } from '../coordinator/date-range';
import { saveExport, useExportLanguage } from '../coordinator/download';
import { ExportButtons } from '../coordinator/export-buttons';
import { QueryState } from '../coordinator/query-state';
import { ReportWindow } from '../coordinator/report-frame';
import './messages';

type Month = Schemas['DrugTestMonthDto'];

/** The coordinator's drug-test report: per month, tests, refusals, positive opiate tests (refusals counted) and the rate. */
export default function DrugTestReportPage() {
  const { t } = useTranslation('drugTests');
  const format = useFormat();
  const timeZone = useClinicTimeZone();
  const lang = useExportLanguage();
  const [range, setRange] = useState<DateRange>({});
  const report = useQuery({
    queryKey: ['coordinator', 'drug-test-report', range.from ?? null, range.to ?? null],
    queryFn: () => ok(api.GET('/api/v1/reports/drug-tests', { params: { query: { ...range } } })),
    placeholderData: keepPreviousData,
  });
  const csv = () =>
    saveExport(
      api.GET('/api/v1/reports/drug-tests', { params: { query: { ...range, format: 'csv', lang } }, parseAs: 'blob' }),
      'drug-tests',
      'csv',
      timeZone,
    );

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Title order={2}>{t('report.title')}</Title>
        <ExportButtons formats={['csv']} onExport={csv} />
      </Group>
      <Text>{t('report.intro')}</Text>
      <Paper withBorder p="md">
        <DateRangeForm value={range} onApply={setRange} error={report.error} />
      </Paper>
      {report.data && (
        <Stack gap="md" data-testid="drug-test-report">
          <ReportWindow from={report.data.from} to={report.data.to} />
          <ColumnTable<Month>
            minWidth={480}
            testId="drug-test-table"
            caption={t('report.title')}
            rows={[...report.data.months].reverse()}
            rowKey={(month) => month.month}
            rowAttributes={(month) => ({ 'data-testid': 'drug-test-row', 'data-month': month.month })}
            columns={[
              { header: t('report.month'), rowHeader: true, cell: (month) => month.month },
              { header: t('report.tests'), numeric: true, testId: 'drug-test-tests', cell: (month) => format.number(month.tests) },
              { header: t('report.refused'), numeric: true, cell: (month) => format.number(month.refused) },
              {
                header: t('report.positiveOpiates'),
                numeric: true,
                testId: 'drug-test-positive',
                cell: (month) => format.number(month.positiveOpiates),
              },
              {
                header: t('report.rate'),
                numeric: true,
                testId: 'drug-test-rate',
                cell: (month) => (month.rate === null ? t('report.none') : format.percent(month.rate)),
              },
            ]}
          />
        </Stack>
      )}
      <QueryState isPending={report.isPending} error={report.error} />
    </Stack>
  );
}
