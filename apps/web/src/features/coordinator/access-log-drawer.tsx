import { Drawer, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { useAuditLabels } from './audit-labels';
import { NS } from './messages';
import { QueryState } from './query-state';
import { DataTable } from '../../ui/data-table';
import { LoadMore } from '../../ui/load-more';

export interface AccessLogTarget {
  clientId: string;
  code?: string;
}

/** Who opened one client's record, when and on what grounds (GET /clients/:id/access-log). */
export function AccessLogDrawer({ target, onClose }: { target: AccessLogTarget | null; onClose: () => void }) {
  const { t } = useTranslation(NS);
  return (
    <Drawer
      opened={target !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={target?.code ? t('access.accessLogOf', { code: target.code }) : t('access.accessLogOfClient')}
      closeButtonProps={{ 'aria-label': t('action.close', { ns: 'common' }) }}
    >
      {target && <AccessLog clientId={target.clientId} />}
    </Drawer>
  );
}

function AccessLog({ clientId }: { clientId: string }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const labels = useAuditLabels();
  const log = useInfiniteQuery({
    queryKey: ['coordinator', 'access-log', clientId],
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/api/v1/clients/{id}/access-log', {
          params: { path: { id: clientId }, query: { limit: 100, cursor: pageParam ?? undefined } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  if (!log.data) return <QueryState isPending={log.isPending} error={log.error} />;
  const entries = log.data.pages.flatMap((page) => page.items);
  if (entries.length === 0) return <Text>{t('access.noAccessEntries')}</Text>;
  return (
    <Stack gap="sm">
      <DataTable minWidth={560} striped data-testid="access-log">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('access.occurredAt')}</Table.Th>
            <Table.Th scope="col">{t('access.actor')}</Table.Th>
            <Table.Th scope="col">{t('access.role')}</Table.Th>
            <Table.Th scope="col">{t('access.action')}</Table.Th>
            <Table.Th scope="col">{t('access.grounds')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id} data-testid="access-log-entry">
              <Table.Td>{format.dateTime(entry.occurredAt)}</Table.Td>
              <Table.Td>{entry.actorName ?? t('access.system')}</Table.Td>
              <Table.Td>{labels.role(entry.actorRole)}</Table.Td>
              <Table.Td>{labels.action(entry.action)}</Table.Td>
              <Table.Td data-testid="access-log-grounds">{labels.grounds(entry.grounds)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
      <LoadMore pages={log} />
    </Stack>
  );
}
