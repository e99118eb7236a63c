import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { errorCode } from '../../api/api-error';
import { can, useUser } from '../../auth/session';
import { useFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { ReminderStatusBadge, useReminderError } from './badges';
import { NS } from './messages';
import { QueryState } from './query-state';
import { DataTable } from '../../ui/data-table';
import { LoadMore } from '../../ui/load-more';

type Reminder = Schemas['ReminderDto'];
type Status = Reminder['status'];

const STATUSES: Status[] = ['scheduled', 'held', 'sent', 'failed', 'cancelled'];
const PENDING: Status[] = ['scheduled', 'held'];

function asStatus(value: string | null): Status | undefined {
  return STATUSES.find((status) => status === value);
}

export default function RemindersPage() {
  const { t } = useTranslation(NS);
  const [params, setParams] = useSearchParams();
  const status = asStatus(params.get('status'));
  const clientId = params.get('clientId') ?? undefined;
  const clientCode = params.get('code') ?? undefined;

  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  }

  return (
    <Stack gap="lg">
      <Title order={2}>{t('nav.reminders', { ns: 'common' })}</Title>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <NativeSelect
            label={t('reminders.status')}
            name="status"
            w={240}
            value={status ?? ''}
            onChange={(event) => update({ status: event.currentTarget.value || undefined })}
            data={[
              { value: '', label: t('reminders.anyStatus') },
              ...STATUSES.map((value) => ({ value, label: t(`reminderStatus.${value}`) })),
            ]}
          />
          <ClientFilter
            clientId={clientId}
            clientCode={clientCode}
            onChange={(client) => update({ clientId: client?.id, code: client?.code })}
          />
        </Stack>
      </Paper>
      <ReminderList status={status} clientId={clientId} />
    </Stack>
  );
}

/** Narrows the list to one client, found by the code staff know them by. */
function ClientFilter({
  clientId,
  clientCode,
  onChange,
}: {
  clientId?: string;
  clientCode?: string;
  onChange: (client: { id: string; code: string } | null) => void;
}) {
  const { t } = useTranslation(NS);
  const [code, setCode] = useState(clientCode ?? '');
  const [notFound, setNotFound] = useState(false);
  const find = useMutation({
    mutationFn: async (wanted: string) => {
      const page = await ok(api.GET('/api/v1/clients', { params: { query: { q: wanted, limit: 20 } } }));
      return page.items.find((client) => client.code.toLowerCase() === wanted.toLowerCase()) ?? null;
    },
    onSuccess: (client) => {
      setNotFound(client === null);
      if (client) onChange({ id: client.id, code: client.code });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const wanted = code.trim();
    if (wanted) find.mutate(wanted);
  }

  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="xs">
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t('reminders.clientCode')}
            description={t('reminders.clientCodeHint')}
            name="clientCode"
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            error={notFound ? t('reminders.noSuchClient') : undefined}
            w={260}
          />
          <Button type="submit" loading={find.isPending}>
            {t('reminders.filterClient')}
          </Button>
          {clientId && (
            <Button
              variant="default"
              onClick={() => {
                setCode('');
                setNotFound(false);
                onChange(null);
              }}
            >
              {t('reminders.showAll')}
            </Button>
          )}
        </Group>
        {clientId && (
          <Text size="sm" data-testid="client-filter">
            {clientCode ? t('reminders.filteredBy', { code: clientCode }) : t('reminders.filteredById')}
          </Text>
        )}
        <ErrorAlert error={find.error} />
      </Stack>
    </form>
  );
}

function ReminderList({ status, clientId }: { status?: Status; clientId?: string }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const errorText = useReminderError();
  const queryClient = useQueryClient();
  const user = useUser();
  const list = useInfiniteQuery({
    queryKey: ['coordinator', 'reminders', 'list', status ?? null, clientId ?? null],
    queryFn: ({ pageParam }) =>
      ok(api.GET('/api/v1/reminders', { params: { query: { status, clientId, limit: 50, cursor: pageParam ?? undefined } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const cancel = useMutation({
    mutationFn: (id: string) => ok(api.POST('/api/v1/reminders/{id}/cancel', { params: { path: { id } } })),
    // Whether it worked or was too late, the list should show the reminder as it now is.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['coordinator', 'reminders'] }),
  });
  // A failed reminder scheduled again: the worker tries it once more, from its first attempt.
  const retry = useMutation({
    mutationFn: (id: string) => ok(api.POST('/api/v1/reminders/{id}/retry', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['coordinator', 'reminders'] }),
  });

  if (!list.data) return <QueryState isPending={list.isPending} error={list.error} />;
  const reminders = list.data.pages.flatMap((page) => page.items);

  return (
    <section aria-labelledby="reminder-list-title">
      <Group justify="space-between" align="baseline" mb="xs">
        <Title order={3} id="reminder-list-title">
          {t('reminders.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('reminders.shown', { n: format.number(reminders.length) })}
        </Text>
      </Group>
      <Stack gap="sm">
        {cancel.isSuccess && (
          <Alert color="teal" role="status" data-testid="cancel-done">
            {t('reminders.cancelled')}
          </Alert>
        )}
        {cancel.error !== null && (
          <Stack gap={4}>
            <ErrorAlert error={cancel.error} />
            {errorCode(cancel.error) === 'REMINDER_NOT_PENDING' && (
              <Text size="sm" data-testid="not-pending-hint">
                {t('reminders.notPendingHint')}
              </Text>
            )}
          </Stack>
        )}
        {retry.isSuccess && (
          <Alert color="teal" role="status" data-testid="retry-done">
            {t('reminders.retried')}
          </Alert>
        )}
        {retry.error !== null && (
          <Stack gap={4}>
            <ErrorAlert error={retry.error} />
            {errorCode(retry.error) === 'REMINDER_NOT_FAILED' && (
              <Text size="sm" data-testid="not-failed-hint">
                {t('reminders.notFailedHint')}
              </Text>
            )}
          </Stack>
        )}
        {reminders.length === 0 ? (
          <Text data-testid="reminders-empty">{t('reminders.none')}</Text>
        ) : (
          <DataTable minWidth={900} striped data-testid="reminders">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('reminders.scheduledFor')}</Table.Th>
                <Table.Th scope="col">{t('reminders.kind')}</Table.Th>
                <Table.Th scope="col">{t('reminders.channel')}</Table.Th>
                <Table.Th scope="col">{t('reminders.recipient')}</Table.Th>
                <Table.Th scope="col">{t('reminders.status')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('reminders.attempts')}
                </Table.Th>
                <Table.Th scope="col">{t('reminders.lastError')}</Table.Th>
                <Table.Th scope="col">{t('reminders.client')}</Table.Th>
                <Table.Th scope="col">{t('reminders.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {reminders.map((reminder) => (
                <ReminderRow
                  key={reminder.id}
                  reminder={reminder}
                  cancelling={cancel.isPending && cancel.variables === reminder.id}
                  onCancel={can(user, 'reminder.cancel') ? () => cancel.mutate(reminder.id) : undefined}
                  retrying={retry.isPending && retry.variables === reminder.id}
                  onRetry={can(user, 'reminder.retry') ? () => retry.mutate(reminder.id) : undefined}
                  format={format}
                  errorText={errorText}
                />
              ))}
            </Table.Tbody>
          </DataTable>
        )}
        <LoadMore pages={list} />
        <ErrorAlert error={list.error} />
      </Stack>
    </section>
  );
}

function ReminderRow({
  reminder,
  cancelling,
  onCancel,
  retrying,
  onRetry,
  format,
  errorText,
}: {
  reminder: Reminder;
  cancelling: boolean;
  onCancel?: () => void;
  retrying: boolean;
  onRetry?: () => void;
  format: ReturnType<typeof useFormat>;
  errorText: (code: string | null) => string;
}) {
  const { t } = useTranslation(NS);
  const when = format.dateTime(reminder.scheduledFor);
  const kind = t(`reminderKind.${reminder.kind}`);
  return (
    <Table.Tr data-testid="reminder-row" data-reminder-id={reminder.id}>
      <Table.Td>{when}</Table.Td>
      <Table.Td>{kind}</Table.Td>
      <Table.Td>{t(`reminderChannel.${reminder.channel}`)}</Table.Td>
      <Table.Td>{t(`reminderRecipient.${reminder.recipient}`)}</Table.Td>
      <Table.Td>
        <ReminderStatusBadge status={reminder.status} />
      </Table.Td>
      <Table.Td ta="right">{format.number(reminder.attempts)}</Table.Td>
      <Table.Td data-testid="reminder-error">{errorText(reminder.lastErrorCode)}</Table.Td>
      <Table.Td>
        {reminder.clientId ? (
          <Anchor component={Link} to={`/clients/${reminder.clientId}`} size="sm">
            {t('reminders.openClient')}
          </Anchor>
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td>
        {onRetry && reminder.status === 'failed' && (
          <Button
            size="xs"
            variant="outline"
            loading={retrying}
            onClick={onRetry}
            aria-label={t('reminders.retryNamed', { kind, when })}
            data-testid="retry-reminder"
          >
            {t('reminders.retry')}
          </Button>
        )}
        {onCancel && PENDING.includes(reminder.status) && (
          <Button
            size="xs"
            variant="outline"
            color="red.9"
            loading={cancelling}
            onClick={onCancel}
            aria-label={t('reminders.cancelNamed', { kind, when })}
            data-testid="cancel-reminder"
          >
            {t('reminders.cancel')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
