import { useState } from 'react';
import { Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { DateRangeForm, type DateRange } from './date-range';
import { saveExport } from './download';
import { ExportButtons } from './export-buttons';
import { NS } from './messages';
import { QueryState } from './query-state';
import { AttendanceChart } from './report-charts';

export default function AttendanceReportPage() {
  const { t } = useTranslation(NS);
  const timeZone = useClinicTimeZone();
  const format = useFormat();
  const [range, setRange] = useState<DateRange>({});
  const report = useQuery({
    queryKey: ['coordinator', 'attendance-report', range.from ?? null, range.to ?? null],
    queryFn: () => ok(api.GET('/api/v1/reports/attendance', { params: { query: range } })),
    placeholderData: keepPreviousData,
  });

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Title order={2}>{t('attendance.title')}</Title>
        <ExportButtons
          formats={['csv']}
          onExport={() =>
            saveExport(
              api.GET('/api/v1/reports/attendance', { params: { query: { ...range, format: 'csv' } }, parseAs: 'blob' }),
              'attendance',
              'csv',
              timeZone,
            )
          }
        />
      </Group>
      <Paper withBorder p="md">
        <DateRangeForm value={range} onApply={setRange} error={report.error} />
      </Paper>
      {report.data && (
        <Stack gap="md" data-testid="attendance-report">
          <Text size="sm" c="dimmed" data-testid="report-window">
            {t('filters.window', { from: format.date(report.data.from), to: format.date(report.data.to) })}
          </Text>
          {report.data.groups.length === 0 ? (
            <Text data-testid="attendance-empty">{t('attendance.none')}</Text>
          ) : (
            <>
              <section aria-labelledby="attendance-chart-title">
                <Title order={3} id="attendance-chart-title" mb="sm">
                  {t('attendance.chart')}
                </Title>
                <Paper withBorder p="sm" data-testid="attendance-chart">
                  <AttendanceChart groups={report.data.groups} label={t('attendance.rate')} title={t('attendance.chart')} />
                </Paper>
              </section>
              <Table.ScrollContainer minWidth={480}>
                <Table striped captionSide="top" data-testid="attendance-table">
                  <Table.Caption>{t('attendance.title')}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('attendance.group')}</Table.Th>
                      <Table.Th scope="col" ta="right">
                        {t('attendance.meetings')}
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        {t('attendance.members')}
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        {t('attendance.rate')}
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {report.data.groups.map((group) => (
                      <Table.Tr key={group.groupId} data-testid="attendance-row">
                        <Table.Th scope="row" fw={500}>
                          {group.name}
                        </Table.Th>
                        <Table.Td ta="right" data-testid="attendance-meetings">
                          {format.number(group.meetings)}
                        </Table.Td>
                        <Table.Td ta="right" data-testid="attendance-members">
                          {format.number(group.members)}
                        </Table.Td>
                        <Table.Td ta="right" data-testid="attendance-rate">
                          {format.percent(group.attendanceRate)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </>
          )}
        </Stack>
      )}
      <QueryState isPending={report.isPending} error={report.error} />
    </Stack>
  );
}
