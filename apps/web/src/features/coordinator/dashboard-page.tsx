import { Anchor, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok } from '../../api/client';
import { DOSING_TODAY_KEY, loadDosingToday, type DosingTodayItem } from '../../api/dosing-today';
import { allPages } from '../../api/pages';
import { useFormat } from '../../i18n/format';
import { FlagBadge } from '../../ui/flag-badge';
import { ReminderStatusBadge, useReminderError } from './badges';
import { NS } from './messages';
import { QueryState } from './query-state';
import { Stat } from './stat';
import { DataTable } from '../../ui/data-table';

type Flag = DosingTodayItem['flag'];

/**
 * The flags of the clients at today's window. `dropped_out` is not among them: the window lists active clients only
 * (a due drop-out is settled before the list is read), so the drop-outs are counted from the client list by status.
 */
const FLAGS: Flag[] = ['ok', 'assess', 'retitrate'];
const LATEST_FAILED = 5;

export default function DashboardPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <Title order={2}>{t('nav.dashboard')}</Title>
      <Census />
      <WithoutCounselor />
      <FailedReminders />
    </Stack>
  );
}

function Census() {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const today = useQuery({ queryKey: DOSING_TODAY_KEY, queryFn: loadDosingToday });
  // Every client whose status reads dropped_out (the list settles drop-outs that are due first).
  const dropouts = useQuery({
    queryKey: ['coordinator', 'clients', 'dropped_out'],
    queryFn: () =>
      allPages((cursor) => ok(api.GET('/api/v1/clients', { params: { query: { status: 'dropped_out', limit: 200, cursor } } }))),
  });
  if (!today.data) return <QueryState isPending={today.isPending} error={today.error} />;
  const { items, clinicDay } = today.data;
  const dosed = items.filter((item) => item.dosed).length;
  const count = (flag: Flag) => items.filter((item) => item.flag === flag).length;
  const droppedOut = dropouts.data?.length;
  const flagged = items
    .filter((item) => item.flag !== 'ok')
    .sort((a, b) => b.consecutiveMissedDays - a.consecutiveMissedDays || a.code.localeCompare(b.code));

  return (
    <>
      <section aria-labelledby="census-title">
        <Group justify="space-between" align="baseline" mb="sm">
          <Title order={3} id="census-title">
            {t('dashboard.census')}
          </Title>
          <Text size="sm" c="dimmed" data-testid="clinic-day">
            {t('dashboard.clinicDay', { day: format.date(clinicDay) })}
          </Text>
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <Stat label={t('dashboard.active')} value={format.number(items.length)} testId="census-active" />
          <Stat label={t('dashboard.dosed')} value={format.number(dosed)} testId="census-dosed" />
          <Stat label={t('dashboard.notDosed')} value={format.number(items.length - dosed)} testId="census-not-dosed" />
        </SimpleGrid>
        <Title order={4} mt="md" mb="xs">
          {t('dashboard.byFlag')}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {FLAGS.map((flag) => (
            <Stat
              key={flag}
              label={t(`flag.${flag}`, { ns: 'common' })}
              value={format.number(count(flag))}
              testId={`census-flag-${flag}`}
            />
          ))}
          <Stat
            label={t('dashboard.droppedOut')}
            value={droppedOut === undefined ? (dropouts.error ? '—' : '…') : format.number(droppedOut)}
            testId="census-flag-dropped_out"
          />
        </SimpleGrid>
        <Text size="sm" c="dimmed" mt="xs">
          {t('dashboard.droppedOutHint')}
        </Text>
        <QueryState isPending={false} error={dropouts.error} />
      </section>

      <section aria-labelledby="flagged-title">
        <Title order={3} id="flagged-title">
          {t('dashboard.flagged')}
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          {t('dashboard.flaggedHint')}
        </Text>
        {flagged.length === 0 ? (
          <Text data-testid="flagged-empty">{t('dashboard.noneFlagged')}</Text>
        ) : (
          <DataTable minWidth={480} striped captionSide="top" data-testid="flagged-clients">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('dashboard.code')}</Table.Th>
                <Table.Th scope="col">{t('dashboard.preferredName')}</Table.Th>
                <Table.Th scope="col">{t('dashboard.flag')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('dashboard.missedDays')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {flagged.map((item) => (
                <Table.Tr key={item.clientId} data-testid="flagged-client">
                  <Table.Td>
                    <Anchor component={Link} to={`/clients/${item.clientId}`} data-testid="flagged-code">
                      {item.code}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{item.preferredName ?? '—'}</Table.Td>
                  <Table.Td>
                    <FlagBadge flag={item.flag} />
                  </Table.Td>
                  <Table.Td ta="right" data-testid="flagged-missed">
                    {format.number(item.consecutiveMissedDays)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
        )}
      </section>
    </>
  );
}

/** Active clients with nobody in the counselor's place on their care team: no counselor's caseload holds them. */
function WithoutCounselor() {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const clients = useQuery({
    queryKey: ['coordinator', 'clients', 'without-counselor'],
    queryFn: () => ok(api.GET('/api/v1/clients', { params: { query: { status: 'active', counselor: 'none', limit: 200 } } })),
  });

  return (
    <section aria-labelledby="without-counselor-title">
      <Title order={3} id="without-counselor-title">
        {t('dashboard.withoutCounselor')}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('dashboard.withoutCounselorHint')}
      </Text>
      {!clients.data ? (
        <QueryState isPending={clients.isPending} error={clients.error} />
      ) : clients.data.items.length === 0 ? (
        <Text data-testid="without-counselor-empty">{t('dashboard.noneWithoutCounselor')}</Text>
      ) : (
        <DataTable minWidth={480} striped data-testid="without-counselor">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('dashboard.code')}</Table.Th>
              <Table.Th scope="col">{t('dashboard.name')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {clients.data.items.map((client) => (
              <Table.Tr key={client.id} data-testid="without-counselor-client">
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={`/clients/${client.id}?tab=manage`}
                    aria-label={t('dashboard.assignCounselor', { code: client.code })}
                  >
                    {client.code}
                  </Anchor>
                </Table.Td>
                <Table.Td>{format.name(client)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
      {clients.data?.nextCursor && (
        <Text size="sm" mt="xs">
          {t('dashboard.moreWithoutCounselor', { count: clients.data.items.length })}
        </Text>
      )}
    </section>
  );
}

function FailedReminders() {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const errorText = useReminderError();
  const failed = useQuery({
    queryKey: ['coordinator', 'reminders', 'failed-latest'],
    queryFn: () => ok(api.GET('/api/v1/reminders', { params: { query: { status: 'failed', limit: 200 } } })),
  });

  return (
    <section aria-labelledby="failed-title">
      <Group justify="space-between" align="baseline" mb="sm">
        <Title order={3} id="failed-title">
          {t('dashboard.failedReminders')}
        </Title>
        <Anchor component={Link} to="/reminders?status=failed" size="sm">
          {t('dashboard.allReminders')}
        </Anchor>
      </Group>
      {failed.data ? (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <Stat
              label={t('dashboard.failedCount')}
              value={failed.data.nextCursor ? `${format.number(failed.data.items.length)}+` : format.number(failed.data.items.length)}
              testId="failed-count"
            />
          </SimpleGrid>
          {failed.data.items.length === 0 ? (
            <Text data-testid="failed-empty">{t('dashboard.noneFailed')}</Text>
          ) : (
            <Paper withBorder>
              <DataTable minWidth={560} captionSide="top" data-testid="failed-reminders">
                <Table.Caption>{t('dashboard.latestFailed')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('reminders.scheduledFor')}</Table.Th>
                    <Table.Th scope="col">{t('reminders.kind')}</Table.Th>
                    <Table.Th scope="col">{t('reminders.channel')}</Table.Th>
                    <Table.Th scope="col">{t('reminders.status')}</Table.Th>
                    <Table.Th scope="col">{t('reminders.lastError')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {failed.data.items.slice(0, LATEST_FAILED).map((reminder) => (
                    <Table.Tr key={reminder.id} data-testid="failed-reminder">
                      <Table.Td>{format.dateTime(reminder.scheduledFor)}</Table.Td>
                      <Table.Td>{t(`reminderKind.${reminder.kind}`)}</Table.Td>
                      <Table.Td>{t(`reminderChannel.${reminder.channel}`)}</Table.Td>
                      <Table.Td>
                        <ReminderStatusBadge status={reminder.status} />
                      </Table.Td>
                      <Table.Td data-testid="failed-error">{errorText(reminder.lastErrorCode)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </DataTable>
            </Paper>
          )}
        </Stack>
      ) : (
        <QueryState isPending={failed.isPending} error={failed.error} />
      )}
    </section>
  );
}
