import { useState } from 'react';
import { Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { DateRangeForm, type DateRange } from './date-range';
import { saveExport, useExportLanguage } from './download';
import { ExportButtons } from './export-buttons';
import { NS } from './messages';
import { QueryState } from './query-state';
import { DosingChart } from './report-charts';
import { Stat } from './stat';
import { DataTable } from '../../ui/data-table';

type DosingDay = Schemas['DosingDayDto'];
type DosingPeriod = Schemas['DosingPeriodDto'];
type GroupBy = 'day' | 'week' | 'month';
const GROUPINGS: GroupBy[] = ['day', 'week', 'month'];
const GROUPING_LABEL: Record<GroupBy, string> = { day: 'dosing.byDay', week: 'dosing.byWeek', month: 'dosing.byMonth' };

function average(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

export default function DosingReportPage() {
  const { t } = useTranslation(NS);
  const timeZone = useClinicTimeZone();
  const lang = useExportLanguage();
  const [range, setRange] = useState<DateRange>({});
  const [groupBy, setGroupBy] = useState<GroupBy>('day');
  const report = useQuery({
    queryKey: ['coordinator', 'dosing-report', range.from ?? null, range.to ?? null, groupBy],
    queryFn: () => ok(api.GET('/api/v1/reports/dosing', { params: { query: { ...range, groupBy } } })),
    placeholderData: keepPreviousData,
  });

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Title order={2}>{t('dosing.title')}</Title>
        <ExportButtons
          formats={['csv']}
          onExport={() =>
            saveExport(
              api.GET('/api/v1/reports/dosing', { params: { query: { ...range, groupBy, format: 'csv', lang } }, parseAs: 'blob' }),
              'dosing',
              'csv',
              timeZone,
            )
          }
        />
      </Group>
      <Paper withBorder p="md">
        <DateRangeForm value={range} onApply={setRange} error={report.error}>
          <NativeSelect
            label={t('dosing.groupBy')}
            name="groupBy"
            value={groupBy}
            w={200}
            data={GROUPINGS.map((value) => ({ value, label: t(GROUPING_LABEL[value]) }))}
            onChange={(event) => setGroupBy(event.currentTarget.value as GroupBy)}
          />
        </DateRangeForm>
      </Paper>
      {report.data?.days && <DosingFigures from={report.data.from} to={report.data.to} days={report.data.days} />}
      {report.data?.periods && (
        <DosingPeriods from={report.data.from} to={report.data.to} periods={report.data.periods} groupBy={report.data.groupBy} />
      )}
      <QueryState isPending={report.isPending} error={report.error} />
    </Stack>
  );
}

function DosingFigures({ from, to, days }: { from: string; to: string; days: DosingDay[] }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const rates = days.flatMap((day) => (day.missedRate === null ? [] : [day.missedRate]));
  return (
    <Stack gap="md" data-testid="dosing-report">
      <Text size="sm" c="dimmed" data-testid="report-window">
        {t('filters.window', { from: format.date(from), to: format.date(to) })}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <Stat
          label={t('dosing.averageCensus')}
          value={format.number(average(days.map((day) => day.census)), 1)}
          testId="dosing-average-census"
        />
        <Stat label={t('dosing.averageMissed')} value={format.percent(average(rates))} testId="dosing-average-missed" />
      </SimpleGrid>
      <section aria-labelledby="dosing-chart-title">
        <Title order={3} id="dosing-chart-title" mb="sm">
          {t('dosing.chart')}
        </Title>
        <Paper withBorder p="sm" data-testid="dosing-chart">
          <DosingChart
            days={days}
            labels={{ census: t('dosing.census'), doses: t('dosing.doses'), missedRate: t('dosing.missedRate') }}
            title={t('dosing.chart')}
          />
        </Paper>
      </section>
      <DataTable minWidth={480} striped captionSide="top" data-testid="dosing-table">
        <Table.Caption>{t('dosing.title')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('dosing.day')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('dosing.census')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('dosing.doses')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('dosing.missedRate')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('dosing.dispensedMg')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...days].reverse().map((day) => (
            <Table.Tr key={day.day} data-testid="dosing-row" data-day={day.day}>
              <Table.Th scope="row" fw={500}>
                {format.date(day.day)}
              </Table.Th>
              <Table.Td ta="right" data-testid="dosing-census">
                {format.number(day.census)}
              </Table.Td>
              <Table.Td ta="right" data-testid="dosing-doses">
                {format.number(day.doses)}
              </Table.Td>
              <Table.Td ta="right" data-testid="dosing-missed">
                {format.percent(day.missedRate)}
              </Table.Td>
              <Table.Td ta="right" data-testid="dosing-dispensed">
                {format.number(day.dispensedMg, 1)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
    </Stack>
  );
}

/** The report by week or month: a table of the periods, newest first, with the total dispensed. */
function DosingPeriods({ from, to, periods, groupBy }: { from: string; to: string; periods: DosingPeriod[]; groupBy: GroupBy }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const name = (period: DosingPeriod) =>
    groupBy === 'week' ? t('dosing.weekOf', { day: format.date(period.period) }) : format.month(period.period);
  const total = periods.reduce((sum, period) => sum + period.dispensedMg, 0);
  return (
    <Stack gap="md" data-testid="dosing-report">
      <Text size="sm" c="dimmed" data-testid="report-window">
        {t('filters.window', { from: format.date(from), to: format.date(to) })}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <Stat label={t('dosing.totalDispensed')} value={format.number(total, 1)} testId="dosing-total-dispensed" />
      </SimpleGrid>
      <DataTable minWidth={560} striped captionSide="top" data-testid="dosing-periods">
        <Table.Caption>{t('dosing.title')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('dosing.period')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('dosing.averageCensus')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('dosing.doses')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('dosing.missedRate')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('dosing.dispensedMg')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...periods].reverse().map((period) => (
            <Table.Tr key={period.period} data-testid="dosing-period" data-period={period.period}>
              <Table.Th scope="row" fw={500}>
                {name(period)}
              </Table.Th>
              <Table.Td ta="right">{format.number(period.census, 1)}</Table.Td>
              <Table.Td ta="right" data-testid="period-doses">
                {format.number(period.doses)}
              </Table.Td>
              <Table.Td ta="right">{format.percent(period.missedRate)}</Table.Td>
              <Table.Td ta="right" data-testid="period-dispensed">
                {format.number(period.dispensedMg, 1)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
    </Stack>
  );
}
