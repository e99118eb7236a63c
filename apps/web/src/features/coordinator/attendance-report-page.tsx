import { useState } from 'react';
import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { type DateRange } from './date-range';
import { NS } from './messages';
import { AttendanceChart, UptakeFunnel } from './report-charts';
import { ReportFrame, ReportWindow } from './report-frame';
import { ColumnTable } from '../../ui/column-table';

type View = 'group' | 'member';
type GroupAttendance = Schemas['GroupAttendanceDto'];
type MemberAttendance = Schemas['MemberAttendanceDto'];
type Uptake = Schemas['PeerUptakeReportDto'];

export default function AttendanceReportPage() {
  const { t } = useTranslation(NS);
  const [range, setRange] = useState<DateRange>({});
  const [by, setBy] = useState<View>('group');
  const report = useQuery({
    queryKey: ['coordinator', 'attendance-report', range.from ?? null, range.to ?? null, by],
    queryFn: () => ok(api.GET('/api/v1/reports/attendance', { params: { query: { ...range, by } } })),
    placeholderData: keepPreviousData,
  });
  const groups = report.data?.groups;

  return (
    <ReportFrame
      title={t('attendance.title')}
      exportName="attendance"
      fetchCsv={(lang) =>
        api.GET('/api/v1/reports/attendance', { params: { query: { ...range, by, format: 'csv', lang } }, parseAs: 'blob' })
      }
      range={range}
      onRange={setRange}
      choice={{
        label: t('attendance.view'),
        name: 'by',
        value: by,
        width: 160,
        options: [
          { value: 'group', label: t('attendance.byGroup') },
          { value: 'member', label: t('attendance.byMember') },
        ],
        onChange: setBy,
      }}
      isPending={report.isPending}
      error={report.error}
    >
      {report.data?.members && <MemberTable members={report.data.members} from={report.data.from} to={report.data.to} />}
      {report.data && groups && <GroupTable groups={groups} from={report.data.from} to={report.data.to} />}
      <UptakeSection range={range} />
    </ReportFrame>
  );
}

/** Peer-group uptake in the same window: the funnel from clients in treatment to regular attendance, and why members were absent. */
function UptakeSection({ range }: { range: DateRange }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const uptake = useQuery({
    queryKey: ['coordinator', 'peer-uptake', range.from ?? null, range.to ?? null],
    queryFn: () => ok(api.GET('/api/v1/reports/peer-uptake', { params: { query: { ...range } } })),
    placeholderData: keepPreviousData,
  });
  const data: Uptake | undefined = uptake.data;
  if (!data) return null;
  const total = data.funnel[0]?.clients ?? 0;
  const steps = data.funnel.map((step) => ({ ...step, label: t(`uptake.steps.${step.step}`) }));
  return (
    <section aria-labelledby="uptake-title" data-testid="uptake">
      <Title order={3} id="uptake-title" mt="lg" mb="xs">
        {t('uptake.title')}
      </Title>
      <Text mb="sm">{t('uptake.intro')}</Text>
      <Stack gap="md">
        <Paper withBorder p="sm" data-testid="uptake-chart">
          <UptakeFunnel steps={steps} label={t('uptake.clients')} title={t('uptake.chart')} />
        </Paper>
        <ColumnTable
          minWidth={420}
          testId="uptake-table"
          caption={t('uptake.title')}
          rows={steps}
          rowKey={(step) => step.step}
          rowAttributes={(step) => ({ 'data-testid': 'uptake-step', 'data-step': step.step })}
          columns={[
            { header: t('uptake.step'), rowHeader: true, cell: (step) => step.label },
            { header: t('uptake.clients'), numeric: true, testId: 'uptake-clients', cell: (step) => format.number(step.clients) },
            { header: t('uptake.share'), numeric: true, cell: (step) => (total > 0 ? format.percent(step.clients / total, 0) : '—') },
          ]}
        />
        <ColumnTable
          minWidth={320}
          testId="uptake-reasons"
          caption={t('uptake.reasons')}
          rows={data.absenceReasons}
          rowKey={(row) => row.reason}
          rowAttributes={(row) => ({ 'data-testid': 'uptake-reason', 'data-reason': row.reason })}
          columns={[
            { header: t('uptake.reason'), rowHeader: true, cell: (row) => t(`uptake.reason_values.${row.reason}`) },
            { header: t('uptake.absences'), numeric: true, testId: 'uptake-absences', cell: (row) => format.number(row.absences) },
          ]}
        />
      </Stack>
    </section>
  );
}

/** Attendance per group: a chart and its table. */
function GroupTable({ groups, from, to }: { groups: GroupAttendance[]; from: string; to: string }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  return (
    <Stack gap="md" data-testid="attendance-report">
      <ReportWindow from={from} to={to} />
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
          <ColumnTable
            minWidth={480}
            testId="attendance-table"
            caption={t('attendance.title')}
            rows={groups}
            rowKey={(group) => group.groupId}
            rowAttributes={() => ({ 'data-testid': 'attendance-row' })}
            columns={[
              { header: t('attendance.group'), rowHeader: true, cell: (group) => group.name },
              {
                header: t('attendance.meetings'),
                numeric: true,
                testId: 'attendance-meetings',
                cell: (group) => format.number(group.meetings),
              },
              {
                header: t('attendance.members'),
                numeric: true,
                testId: 'attendance-members',
                cell: (group) => format.number(group.members),
              },
              {
                header: t('attendance.rate'),
                numeric: true,
                testId: 'attendance-rate',
                cell: (group) => format.percent(group.attendanceRate),
              },
            ]}
          />
        </>
      )}
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
      <ReportWindow from={from} to={to} />
      {sorted.length === 0 ? (
        <Text data-testid="attendance-members-empty">{t('attendance.noMembers')}</Text>
      ) : (
        <ColumnTable
          minWidth={640}
          caption={t('attendance.memberTable')}
          rows={sorted}
          rowKey={(member) => `${member.groupId}-${member.clientId}`}
          rowAttributes={(member) => ({ 'data-testid': 'member-row', 'data-code': member.code })}
          columns={[
            { header: t('attendance.group'), cell: (member) => member.groupName },
            {
              header: t('attendance.code'),
              rowHeader: true,
              cell: (member) => (
                <Anchor component={Link} to={`/clients/${member.clientId}`}>
                  {member.code}
                </Anchor>
              ),
            },
            {
              header: t('attendance.meetings'),
              numeric: true,
              testId: 'member-meetings',
              cell: (member) => format.number(member.meetings),
            },
            {
              header: t('attendance.present'),
              numeric: true,
              testId: 'member-present',
              cell: (member) => format.number(member.present),
            },
            { header: t('attendance.absent'), numeric: true, testId: 'member-absent', cell: (member) => format.number(member.absent) },
            {
              header: t('attendance.excused'),
              numeric: true,
              testId: 'member-excused',
              cell: (member) => format.number(member.excused),
            },
            {
              header: t('attendance.lastAttended'),
              testId: 'member-last',
              cell: (member) => (member.lastAttended ? format.date(member.lastAttended) : t('attendance.never')),
            },
          ]}
        />
      )}
    </Stack>
  );
}
