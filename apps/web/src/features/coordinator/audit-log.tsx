import { useState } from 'react';
import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { useUser } from '../../auth/session';
import { addDays, wallClockToInstant } from '../../i18n/clinic-time';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import type { AccessLogTarget } from './access-log-drawer';
import { useAuditLabels } from './audit-labels';
import { DateRangeForm, type DateRange } from './date-range';
import { NS } from './messages';
import { QueryState } from './query-state';
import { allPages } from '../../api/pages';

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

/** The clinic's audit events, newest first, filtered by day (the `to` day included). */
export function AuditLog({ onOpenLog, clientCodes }: { onOpenLog: (target: AccessLogTarget) => void; clientCodes: Map<string, string> }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const timeZone = useClinicTimeZone();
  const labels = useAuditLabels();
  const staff = useStaffNames();
  const [range, setRange] = useState<DateRange>({});
  const events = useInfiniteQuery({
    queryKey: ['coordinator', 'audit-events', range.from ?? null, range.to ?? null],
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/api/v1/audit-events', {
          params: {
            query: {
              from: range.from ? startOfDay(timeZone, range.from) : undefined,
              to: range.to ? startOfDay(timeZone, range.to, 1) : undefined,
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
        <DateRangeForm value={range} onApply={setRange} error={events.error} />
        {!events.data ? (
          <QueryState isPending={events.isPending} error={events.error} />
        ) : items.length === 0 ? (
          <Text data-testid="audit-empty">{t('access.noEvents')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={800}>
            <Table striped data-testid="audit-events">
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
                  const code = event.clientId ? clientCodes.get(event.clientId) : undefined;
                  return (
                    <Table.Tr key={event.id} data-testid="audit-event">
                      <Table.Td>{format.dateTime(event.occurredAt)}</Table.Td>
                      <Table.Td>{event.actorId ? (staff.get(event.actorId)?.displayName ?? '—') : t('access.system')}</Table.Td>
                      <Table.Td>{labels.role(event.actorRole)}</Table.Td>
                      <Table.Td data-testid="audit-action">{labels.action(event.action)}</Table.Td>
                      <Table.Td>{labels.grounds(event.grounds)}</Table.Td>
                      <Table.Td>
                        {event.clientId ? (
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => event.clientId && onOpenLog({ clientId: event.clientId, code })}
                            aria-label={code ? t('access.openAccessLogOf', { code }) : t('access.accessLogOfClient')}
                          >
                            {code ?? t('access.openAccessLog')}
                          </Button>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {events.hasNextPage && (
          <Group>
            <Button variant="default" loading={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
              {t('action.loadMore', { ns: 'common' })}
            </Button>
          </Group>
        )}
      </Stack>
    </section>
  );
}
