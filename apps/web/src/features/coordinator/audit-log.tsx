import { useState, type FormEvent } from 'react';
import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { useUser } from '../../auth/session';
import { addDays, wallClockToInstant } from '../../i18n/clinic-time';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import type { AccessLogTarget } from './access-log-drawer';
import { useAuditLabels } from './audit-labels';
import { useFieldErrors } from '../../ui/errors';
import { NS } from './messages';
import { QueryState } from './query-state';
import { allPages } from '../../api/pages';
import { RangeFields } from './date-range';
import { DataTable } from '../../ui/data-table';
import { LoadMore } from '../../ui/load-more';

type Staff = Schemas['StaffDto'];

/** The start of a clinic day, as an instant (the API takes instants or UTC days). */
function startOfDay(timeZone: string | undefined, day: string, plusDays = 0): string | undefined {
  return wallClockToInstant(`${addDays(day, plusDays)}T00:00`, timeZone);
}

/** The clinic's staff by id, to name who did what (audit events carry only the id). */
function useStaffNames(): Map<string, Staff> {
  const user = useUser();
  const staff = useQuery({
    queryKey: ['coordinator', 'staff', user.clinicId],
    queryFn: (): Promise<Staff[]> =>
      allPages((cursor) =>
        ok(api.GET('/api/v1/staff', { params: { query: { clinicId: user.clinicId ?? undefined, limit: 200, cursor } } })),
      ),
    staleTime: 5 * 60_000,
  });
  return new Map((staff.data ?? []).map((member) => [member.id, member]));
}

interface AuditFilters {
  from?: string;
  to?: string;
  actorId?: string;
  /** The client asked for by code, once the code is found among the clinic's clients. */
  client?: { id: string; code: string };
}

/** The clinic's client with exactly this code (the search also matches names; only the code is wanted here), or null. */
async function clientByCode(code: string): Promise<{ id: string; code: string } | null> {
  const page = await ok(api.GET('/api/v1/clients', { params: { query: { q: code, limit: 20 } } }));
  const found = page.items.find((client) => client.code.toLowerCase() === code.toLowerCase());
  return found ? { id: found.id, code: found.code } : null;
}

/** The clinic's audit events, newest first, filtered by client code, staff member and day (the `to` day included). */
export function AuditLog({ onOpenLog, clientCodes }: { onOpenLog: (target: AccessLogTarget) => void; clientCodes: Map<string, string> }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const timeZone = useClinicTimeZone();
  const labels = useAuditLabels();
  const staff = useStaffNames();
  const [filters, setFilters] = useState<AuditFilters>({});
  const events = useInfiniteQuery({
    queryKey: [
      'coordinator',
      'audit-events',
      filters.from ?? null,
      filters.to ?? null,
      filters.actorId ?? null,
      filters.client?.id ?? null,
    ],
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/api/v1/audit-events', {
          params: {
            query: {
              from: filters.from ? startOfDay(timeZone, filters.from) : undefined,
              to: filters.to ? startOfDay(timeZone, filters.to, 1) : undefined,
              actorId: filters.actorId,
              clientId: filters.client?.id,
              limit: 50,
              cursor: pageParam ?? undefined,
            },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section aria-labelledby="audit-title">
      <Title order={3} id="audit-title">
        {t('access.auditLog')}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('access.auditHint')}
      </Text>
      <Stack gap="sm">
        <AuditFilterForm value={filters} onApply={setFilters} error={events.error} staff={[...staff.values()]} />
        {!events.data ? (
          <QueryState isPending={events.isPending} error={events.error} />
        ) : items.length === 0 ? (
          <Text data-testid="audit-empty">{t('access.noEvents')}</Text>
        ) : (
          <DataTable minWidth={800} striped data-testid="audit-events">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('access.occurredAt')}</Table.Th>
                <Table.Th scope="col">{t('access.actor')}</Table.Th>
                <Table.Th scope="col">{t('access.role')}</Table.Th>
                <Table.Th scope="col">{t('access.action')}</Table.Th>
                <Table.Th scope="col">{t('access.grounds')}</Table.Th>
                <Table.Th scope="col">{t('access.client')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((event) => {
                const code = event.clientCode ?? (event.clientId ? clientCodes.get(event.clientId) : undefined);
                return (
                  <Table.Tr key={event.id} data-testid="audit-event" data-event-id={event.id}>
                    <Table.Td>{format.dateTime(event.occurredAt)}</Table.Td>
                    <Table.Td>{event.actorId ? (staff.get(event.actorId)?.displayName ?? '—') : t('access.system')}</Table.Td>
                    <Table.Td>{labels.role(event.actorRole)}</Table.Td>
                    <Table.Td data-testid="audit-action">{labels.action(event.action)}</Table.Td>
                    <Table.Td>{labels.grounds(event.grounds)}</Table.Td>
                    <Table.Td>
                      {event.clientId ? (
                        <Anchor
                          component="button"
                          type="button"
                          size="sm"
                          ff="monospace"
                          data-testid="audit-client"
                          onClick={() => event.clientId && onOpenLog({ clientId: event.clientId, code })}
                          aria-label={code ? t('access.openAccessLogOf', { code }) : t('access.accessLogOfClient')}
                        >
                          {code ?? t('access.openAccessLog')}
                        </Anchor>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </DataTable>
        )}
        <LoadMore pages={events} />
      </Stack>
    </section>
  );
}

/**
 * The audit log's filters, applied with the button: days (the same labels as
 * the report filters), a client by code (looked up among the clinic's clients
 * first; an unknown code says so rather than listing nothing), a staff member.
 */
function AuditFilterForm({
  value,
  onApply,
  error,
  staff,
}: {
  value: AuditFilters;
  onApply: (filters: AuditFilters) => void;
  error: unknown;
  staff: Staff[];
}) {
  const { t } = useTranslation(NS);
  const fieldError = useFieldErrors(error);
  const [from, setFrom] = useState(value.from ?? '');
  const [to, setTo] = useState(value.to ?? '');
  const [code, setCode] = useState(value.client?.code ?? '');
  const [actorId, setActorId] = useState(value.actorId ?? '');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setCodeError(null);
    let client: AuditFilters['client'];
    const wanted = code.trim();
    if (wanted) {
      setBusy(true);
      try {
        const found = await clientByCode(wanted);
        if (!found) {
          setCodeError(t('access.unknownClient'));
          return;
        }
        client = found;
      } finally {
        setBusy(false);
      }
    }
    onApply({ from: from || undefined, to: to || undefined, actorId: actorId || undefined, client });
  }

  return (
    <form noValidate onSubmit={(event) => void submit(event)} aria-label={t('filters.title')}>
      <Group align="flex-end" gap="sm">
        <TextInput
          label={t('access.filterClient')}
          placeholder={t('access.filterClientHint')}
          name="clientCode"
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
          error={codeError ?? fieldError('clientId')}
          data-testid="audit-filter-client"
          w={180}
        />
        <NativeSelect
          label={t('access.filterActor')}
          name="actorId"
          value={actorId}
          onChange={(event) => setActorId(event.currentTarget.value)}
          data={[
            { value: '', label: t('access.anyActor') },
            ...[...staff]
              .sort((a, b) => a.displayName.localeCompare(b.displayName))
              .map((member) => ({ value: member.id, label: member.displayName })),
          ]}
          data-testid="audit-filter-actor"
          w={200}
        />
        <RangeFields from={from} to={to} onFrom={setFrom} onTo={setTo} fieldError={fieldError} />
        <Button type="submit" loading={busy} data-testid="apply-filters">
          {t('filters.apply')}
        </Button>
      </Group>
    </form>
  );
}
