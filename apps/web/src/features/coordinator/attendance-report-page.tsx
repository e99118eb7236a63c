import { useState } from 'react';
import { Anchor, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { DateRangeForm, type DateRange } from './date-range';
import { saveExport, useExportLanguage } from './download';
import { ExportButtons } from './export-buttons';
import { NS } from './messages';
import { QueryState } from './query-state';
import { AttendanceChart } from './report-charts';
import { DataTable } from '../../ui/data-table';

type View = 'group' | 'member';
type MemberAttendance = Schemas['MemberAttendanceDto'];

export default function AttendanceReportPage() {
  const { t } = useTranslation(NS);
  const timeZone = useClinicTimeZone();
  const format = useFormat();
  const lang = useExportLanguage();
  const [range, setRange] = useState<DateRange>({});
  const [by, setBy] = useState<View>('group');
  const report = useQuery({
    queryKey: ['coordinator', 'attendance-report', range.from ?? null, range.to ?? null, by],
    queryFn: () => ok(api.GET('/api/v1/reports/attendance', { params: { query: { ...range, by } } })),
    placeholderData: keepPreviousData,
  });
  const groups = report.data?.groups;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Title order={2}>{t('attendance.title')}</Title>
        <ExportButtons
          formats={['csv']}
          onExport={() =>
            saveExport(
              api.GET('/api/v1/reports/attendance', { params: { query: { ...range, by, format: 'csv', lang } }, parseAs: 'blob' }),
              'attendance',
              'csv',
              timeZone,
            )
          }
        />
      </Group>
      <Paper withBorder p="md">
        <DateRangeForm value={range} onApply={setRange} error={report.error}>
          <NativeSelect
            label={t('attendance.view')}
            name="by"
            value={by}
            w={160}
            data={[
              { value: 'group', label: t('attendance.byGroup') },
              { value: 'member', label: t('attendance.byMember') },
            ]}
            onChange={(event) => setBy(event.currentTarget.value as View)}
          />
        </DateRangeForm>
      </Paper>
      {report.data?.members && <MemberTable members={report.data.members} from={report.data.from} to={report.data.to} />}
      {report.data && groups && (
        <Stack gap="md" data-testid="attendance-report">
          <Text size="sm" c="dimmed" data-testid="report-window">
            {t('filters.window', { from: format.date(report.data.from), to: format.date(report.data.to) })}
          </Text>
          {groups.length === 0 ? (
            <Text data-testid="attendance-empty">{t('attendance.none')}</Text>
          ) : (
            <>
              <section aria-labelledby="attendance-chart-title">
                <Title order={3} id="attendance-chart-title" mb="sm">
                  {t('attendance.chart')}
                </Title>
                <Paper withBorder p="sm" data-testid="attendance-chart">
                  <AttendanceChart groups={groups} label={t('attendance.rate')} title={t('attendance.chart')} />
                </Paper>
              </section>
              <DataTable minWidth={480} striped captionSide="top" data-testid="attendance-table">
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
                  {groups.map((group) => (
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
              </DataTable>
            </>
          )}
        </Stack>
      )}
      <QueryState isPending={report.isPending} error={report.error} />
    </Stack>
  );
}

/** Attendance per group and member, the members who miss most first within each group; codes link to the record. */
function MemberTable({ members, from, to }: { members: MemberAttendance[]; from: string; to: string }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const sorted = [...members].sort(
    (a, b) => a.groupName.localeCompare(b.groupName) || b.absent + b.excused - (a.absent + a.excused) || a.code.localeCompare(b.code),
  );
  return (
    <Stack gap="md" data-testid="attendance-members">
      <Text size="sm" c="dimmed" data-testid="report-window">
        {t('filters.window', { from: format.date(from), to: format.date(to) })}
      </Text>
      {sorted.length === 0 ? (
        <Text data-testid="attendance-members-empty">{t('attendance.noMembers')}</Text>
      ) : (
        <DataTable minWidth={640} striped captionSide="top">
          <Table.Caption>{t('attendance.memberTable')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('attendance.group')}</Table.Th>
              <Table.Th scope="col">{t('attendance.code')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('attendance.meetings')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('attendance.present')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('attendance.absent')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('attendance.excused')}
              </Table.Th>
              <Table.Th scope="col">{t('attendance.lastAttended')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sorted.map((member) => (
              <Table.Tr key={`${member.groupId}-${member.clientId}`} data-testid="member-row" data-code={member.code}>
                <Table.Td>{member.groupName}</Table.Td>
                <Table.Th scope="row" fw={500}>
                  <Anchor component={Link} to={`/clients/${member.clientId}`}>
                    {member.code}
                  </Anchor>
                </Table.Th>
                <Table.Td ta="right" data-testid="member-meetings">
                  {format.number(member.meetings)}
                </Table.Td>
                <Table.Td ta="right" data-testid="member-present">
                  {format.number(member.present)}
                </Table.Td>
                <Table.Td ta="right" data-testid="member-absent">
                  {format.number(member.absent)}
                </Table.Td>
                <Table.Td ta="right" data-testid="member-excused">
                  {format.number(member.excused)}
                </Table.Td>
                <Table.Td data-testid="member-last">
                  {member.lastAttended ? format.date(member.lastAttended) : t('attendance.never')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
    </Stack>
  );
}
