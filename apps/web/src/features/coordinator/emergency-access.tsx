import { Badge, Button, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { useFormat } from '../../i18n/format';
import type { AccessLogTarget } from './access-log-drawer';
import { useAuditLabels } from './audit-labels';
import { NS } from './messages';
import { QueryState } from './query-state';
import { DataTable } from '../../ui/data-table';
import { LoadMore } from '../../ui/load-more';

/** The clinic's emergency accesses, newest first (shared by the list and the audit log's client codes). */
export function useEmergencyAccess() {
  return useInfiniteQuery({
    queryKey: ['coordinator', 'emergency-access'],
    queryFn: ({ pageParam }) =>
      ok(api.GET('/api/v1/emergency-access', { params: { query: { limit: 50, cursor: pageParam ?? undefined } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

/** Every break-the-glass access in the clinic, newest first, each opening that client's access log. */
export function EmergencyAccessList({ onOpenLog }: { onOpenLog: (target: AccessLogTarget) => void }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const labels = useAuditLabels();
  const list = useEmergencyAccess();
  const grants = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section aria-labelledby="emergency-title">
      <Title order={3} id="emergency-title">
        {t('access.emergency')}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('access.emergencyHint')}
      </Text>
      {!list.data ? (
        <QueryState isPending={list.isPending} error={list.error} />
      ) : grants.length === 0 ? (
        <Text data-testid="emergency-empty">{t('access.noEmergency')}</Text>
      ) : (
        <Stack gap="sm">
          <DataTable minWidth={900} striped data-testid="emergency-access">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('access.grantedAt')}</Table.Th>
                <Table.Th scope="col">{t('access.who')}</Table.Th>
                <Table.Th scope="col">{t('access.role')}</Table.Th>
                <Table.Th scope="col">{t('access.client')}</Table.Th>
                <Table.Th scope="col">{t('access.reason')}</Table.Th>
                <Table.Th scope="col">{t('access.expiresAt')}</Table.Th>
                <Table.Th scope="col">{t('access.state')}</Table.Th>
                <Table.Th scope="col">{t('access.openAccessLog')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {grants.map((grant) => (
                <Table.Tr key={grant.id} data-testid="emergency-row">
                  <Table.Td>{format.dateTime(grant.grantedAt)}</Table.Td>
                  <Table.Td data-testid="emergency-who">{grant.staffName}</Table.Td>
                  <Table.Td>{labels.role(grant.staffRole)}</Table.Td>
                  <Table.Td data-testid="emergency-client">{grant.clientCode}</Table.Td>
                  <Table.Td data-testid="emergency-reason" maw={320} style={{ whiteSpace: 'pre-wrap' }}>
                    {grant.reason}
                  </Table.Td>
                  <Table.Td>{format.dateTime(grant.expiresAt)}</Table.Td>
                  <Table.Td>
                    <Badge color={grant.active ? 'red.9' : 'gray.7'} autoContrast miw="max-content">
                      {grant.active ? t('access.activeNow') : t('access.expired')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => onOpenLog({ clientId: grant.clientId, code: grant.clientCode })}
                      aria-label={t('access.openAccessLogOf', { code: grant.clientCode })}
                      data-testid="open-access-log"
                    >
                      {t('access.openAccessLog')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
          <LoadMore pages={list} />
        </Stack>
      )}
    </section>
  );
}
