import { useState, type FormEvent } from 'react';
import { Anchor, Button, Group, NativeSelect, Stack, Table, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { useUser } from '../../auth/session';
import { useFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { FlagBadge } from '../../ui/flag-badge';
import { caseloadKey, CLIENT_STATUSES, may, type AnyClient, type ClientStatus } from './client-data';
import { EmergencyByCode } from './emergency-by-code';
import { Empty, Pending, StatusBadge } from './parts';
import { RegisterClientForm } from './register-client-form';
import './messages';
import './manage-messages';
import { DataTable } from '../../ui/data-table';
import { LoadMore } from '../../ui/load-more';

type Column = 'code' | 'name' | 'preferredName' | 'dateOfBirth' | 'status' | 'flag' | 'lastSessionDate' | 'nextAppointmentAt';

/** A client of the list with the caseload's facts the API sent for this caller (flag, last session, next appointment). */
type ListedClient = AnyClient & Partial<Pick<Schemas['ClientListItemDto'], 'flag' | 'lastSessionDate' | 'nextAppointmentAt'>>;

/** The clients the caller may see, searchable, with "load more"; and, for counselors and coordinators, registration. */
export default function CaseloadPage() {
  const { t } = useTranslation('clients');
  const user = useUser();
  const [registering, setRegistering] = useState(false);
  const [search, setSearch] = useState({ q: '', status: '' });
  const [draft, setDraft] = useState('');

  function submitSearch(event: FormEvent) {
    event.preventDefault();
    setSearch((current) => ({ ...current, q: draft.trim() }));
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('caseload.title')}</Title>
        {may.register(user) && (
          <Button
            variant={registering ? 'default' : 'filled'}
            onClick={() => setRegistering((open) => !open)}
            aria-expanded={registering}
            data-testid="register-toggle"
          >
            {registering ? t('caseload.hideRegister') : t('caseload.register')}
          </Button>
        )}
      </Group>
      {registering && <RegisterClientForm />}
      <form noValidate onSubmit={submitSearch} role="search">
        <Group align="flex-end">
          <TextInput
            label={t('caseload.search')}
            name="q"
            type="search"
            data-testid="caseload-search"
            value={draft}
            onChange={(event) => setDraft(event.currentTarget.value)}
            miw={280}
            autoComplete="off"
          />
          <NativeSelect
            label={t('caseload.status')}
            name="status"
            data-testid="caseload-status"
            value={search.status}
            onChange={(event) => {
              const status = event.currentTarget.value;
              setSearch((current) => ({ ...current, status }));
            }}
            data={[
              { value: '', label: t('caseload.allStatuses') },
              ...CLIENT_STATUSES.map((status) => ({ value: status, label: t(`common:status.${status}`) })),
            ]}
          />
          <Button type="submit" variant="default" data-testid="caseload-search-submit">
            {t('common:action.search')}
          </Button>
        </Group>
      </form>
      <ClientList q={search.q} status={search.status} />
    </Stack>
  );
}

function ClientList({ q, status }: { q: string; status: string }) {
  const { t } = useTranslation('clients');
  const format = useFormat();
  const clients = useInfiniteQuery({
    queryKey: caseloadKey(q, status),
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/api/v1/clients', {
          params: {
            query: { q: q || undefined, status: (status || undefined) as ClientStatus | undefined, cursor: pageParam ?? undefined },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  if (!clients.data) return <Pending error={clients.error} />;
  const items: ListedClient[] = clients.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <Stack>
        <Empty testId="caseload-empty">{t('caseload.empty')}</Empty>
        {q && <EmergencyByCode code={q} />}
      </Stack>
    );
  }

  // Only the fields the API sent for this role get a column.
  const has = (field: keyof ListedClient) => items.some((client) => client[field] !== undefined);
  const columns: Column[] = ['code'];
  if (has('givenName') || has('familyName')) columns.push('name');
  if (has('preferredName')) columns.push('preferredName');
  if (has('dateOfBirth')) columns.push('dateOfBirth');
  if (has('status')) columns.push('status');
  if (has('flag')) columns.push('flag');
  if (has('lastSessionDate')) columns.push('lastSessionDate');
  if (has('nextAppointmentAt')) columns.push('nextAppointmentAt');

  const cell = (client: ListedClient, column: Column) => {
    switch (column) {
      case 'code':
        return (
          <Anchor component={Link} to={`/clients/${client.id}`} data-testid="client-link">
            {client.code}
          </Anchor>
        );
      case 'name':
        return format.name(client);
      case 'preferredName':
        return client.preferredName ?? '—';
      case 'dateOfBirth':
        return format.date(client.dateOfBirth);
      case 'status':
        return client.status ? <StatusBadge status={client.status} /> : '—';
      case 'flag':
        return client.flag ? <FlagBadge flag={client.flag} testId="client-flag-badge" /> : '—';
      case 'lastSessionDate':
        return client.lastSessionDate ? format.date(client.lastSessionDate) : '—';
      case 'nextAppointmentAt':
        return client.nextAppointmentAt ? format.dateTime(client.nextAppointmentAt) : '—';
    }
  };

  return (
    <Stack>
      <ErrorAlert error={clients.error} />
      <DataTable minWidth={560} striped highlightOnHover data-testid="caseload">
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column} scope="col">
                {t(`caseloadColumn.${column}`, { defaultValue: t(`field.${column}`) })}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((client) => (
            <Table.Tr key={client.id} data-testid="client-row">
              {columns.map((column) => (
                <Table.Td key={column} data-testid={`client-${column}`}>
                  {cell(client, column)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
      <LoadMore pages={clients} testId="load-more" />
    </Stack>
  );
}
