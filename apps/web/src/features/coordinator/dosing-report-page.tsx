import { useState } from 'react';
import { Paper, SimpleGrid, Stack, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { type DateRange } from './date-range';
import { NS } from './messages';
import { DosingChart, type DosingChartRow } from './report-charts';
import { ReportFrame, ReportWindow } from './report-frame';
import { Stat } from './stat';
import { ColumnTable, type Column } from '../../ui/column-table';

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
  const [range, setRange] = useState<DateRange>({});
  const [groupBy, setGroupBy] = useState<GroupBy>('day');
  const report = useQuery({
    queryKey: ['coordinator', 'dosing-report', range.from ?? null, range.to ?? null, groupBy],
    queryFn: () => ok(api.GET('/api/v1/reports/dosing', { params: { query: { ...range, groupBy } } })),
    placeholderData: keepPreviousData,
  });

  return (
    <ReportFrame
      title={t('dosing.title')}
      exportName="dosing"
      fetchCsv={(lang) =>
        api.GET('/api/v1/reports/dosing', { params: { query: { ...range, groupBy, format: 'csv', lang } }, parseAs: 'blob' })
      }
      range={range}
      onRange={setRange}
      choice={{
        label: t('dosing.groupBy'),
        name: 'groupBy',
        value: groupBy,
        width: 200,
        options: GROUPINGS.map((value) => ({ value, label: t(GROUPING_LABEL[value]) })),
        onChange: setGroupBy,
      }}
      isPending={report.isPending}
      error={report.error}
    >
      {report.data?.days && <DosingFigures from={report.data.from} to={report.data.to} days={report.data.days} />}
      {report.data?.periods && (
        <DosingPeriods from={report.data.from} to={report.data.to} periods={report.data.periods} groupBy={report.data.groupBy} />
      )}
    </ReportFrame>
  );
}

/**
 * The columns both tables of the report share, after the one that names the day or period: census, doses, the
 * missed rate and the methadone dispensed. `testIds` names the cells the tests read.
 */
function useFigureColumns<Row extends DosingDay | DosingPeriod>(
  census: { header: string; digits?: number },
  testIds: { census?: string; doses: string; missed?: string; dispensed: string },
): Column<Row>[] {
  const { t } = useTranslation(NS);
  const format = useFormat();
  return [
    { header: census.header, numeric: true, testId: testIds.census, cell: (row) => format.number(row.census, census.digits) },
    { header: t('dosing.doses'), numeric: true, testId: testIds.doses, cell: (row) => format.number(row.doses) },
    { header: t('dosing.missedRate'), numeric: true, testId: testIds.missed, cell: (row) => format.percent(row.missedRate) },
    { header: t('dosing.dispensedMg'), numeric: true, testId: testIds.dispensed, cell: (row) => format.number(row.dispensedMg, 1) },
  ];
}

function DosingFigures({ from, to, days }: { from: string; to: string; days: DosingDay[] }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const figures = useFigureColumns<DosingDay>(
    { header: t('dosing.census') },
    { census: 'dosing-census', doses: 'dosing-doses', missed: 'dosing-missed', dispensed: 'dosing-dispensed' },
  );
  const rates = days.flatMap((day) => (day.missedRate === null ? [] : [day.missedRate]));
  return (
    <Stack gap="md" data-testid="dosing-report">
      <ReportWindow from={from} to={to} />
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <Stat
          label={t('dosing.averageCensus')}
          value={format.number(average(days.map((day) => day.census)), 1)}
          testId="dosing-average-census"
        />
        <Stat label={t('dosing.averageMissed')} value={format.percent(average(rates))} testId="dosing-average-missed" />
      </SimpleGrid>
      <DosingChartSection rows={days.map((day) => ({ ...day, key: day.day }))} groupBy="day" />
      <ColumnTable
        minWidth={480}
        testId="dosing-table"
        caption={t('dosing.title')}
        rows={[...days].reverse()}
        rowKey={(day) => day.day}
        rowAttributes={(day) => ({ 'data-testid': 'dosing-row', 'data-day': day.day })}
        columns={[{ header: t('dosing.day'), rowHeader: true, cell: (day) => format.date(day.day) }, ...figures]}
      />
    </Stack>
  );
}

/** The report's chart under its heading: by day, or by week or month (`name` words a period). */
function DosingChartSection({ rows, groupBy, name }: { rows: DosingChartRow[]; groupBy: GroupBy; name?: (key: string) => string }) {
  const { t } = useTranslation(NS);
  const title = t(groupBy === 'day' ? 'dosing.chart' : groupBy === 'week' ? 'dosing.chartWeek' : 'dosing.chartMonth');
  return (
    <section aria-labelledby="dosing-chart-title">
      <Title order={3} id="dosing-chart-title" mb="sm">
        {title}
      </Title>
      <Paper withBorder p="sm" data-testid="dosing-chart">
        <DosingChart
          rows={rows}
          name={name}
          labels={{ census: t('dosing.census'), doses: t('dosing.doses'), missedRate: t('dosing.missedRate') }}
          title={title}
        />
      </Paper>
    </section>
  );
}

/** The report by week or month: a chart and a table of the periods, newest first, with the total dispensed. */
function DosingPeriods({ from, to, periods, groupBy }: { from: string; to: string; periods: DosingPeriod[]; groupBy: GroupBy }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const figures = useFigureColumns<DosingPeriod>(
    { header: t('dosing.averageCensus'), digits: 1 },
    { doses: 'period-doses', dispensed: 'period-dispensed' },
  );
  const name = (period: string) => (groupBy === 'week' ? t('dosing.weekOf', { day: format.date(period) }) : format.month(period));
  const total = periods.reduce((sum, period) => sum + period.dispensedMg, 0);
  return (
    <Stack gap="md" data-testid="dosing-report">
      <ReportWindow from={from} to={to} />
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <Stat label={t('dosing.totalDispensed')} value={format.number(total, 1)} testId="dosing-total-dispensed" />
      </SimpleGrid>
      <DosingChartSection rows={periods.map((period) => ({ ...period, key: period.period }))} groupBy={groupBy} name={name} />
      <ColumnTable
        minWidth={560}
        testId="dosing-periods"
        caption={t('dosing.title')}
        rows={[...periods].reverse()}
        rowKey={(period) => period.period}
        rowAttributes={(period) => ({ 'data-testid': 'dosing-period', 'data-period': period.period })}
        columns={[{ header: t('dosing.period'), rowHeader: true, cell: (period) => name(period.period) }, ...figures]}
      />
    </Stack>
  );
}
