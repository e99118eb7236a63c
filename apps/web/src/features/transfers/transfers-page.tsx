import { useState } from 'react';
import { Alert, Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { allPages } from '../../api/pages';
import { useFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { NS } from './messages';

type Transfer = Schemas['TransferDto'];
const PENDING_KEY = ['transfers', 'incoming', 'pending'];

/** The receiving coordinator's list of pending transfers (api.md "Guest dosing and transfer"), each accepted or declined here. */
export default function TransfersPage() {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const queryClient = useQueryClient();
  const [done, setDone] = useState<{ text: string; clientId?: string } | null>(null);
  const pending = useQuery({
    queryKey: PENDING_KEY,
    queryFn: () =>
      allPages((cursor) =>
        ok(api.GET('/api/v1/transfers', { params: { query: { direction: 'incoming', status: 'pending', limit: 200, cursor } } })),
      ),
  });
  const decide = useMutation({
    mutationFn: ({ transfer, verb }: { transfer: Transfer; verb: 'accept' | 'decline' }) =>
      verb === 'accept'
        ? ok(api.POST('/api/v1/transfers/{id}/accept', { params: { path: { id: transfer.id } } }))
        : ok(api.POST('/api/v1/transfers/{id}/decline', { params: { path: { id: transfer.id } } })),
    onSuccess: async (decided) => {
      setDone(
        decided.status === 'accepted'
          ? { text: t('accepted', { code: decided.clientCode }), clientId: decided.newClientId ?? undefined }
          : { text: t('declined', { code: decided.clientCode }) },
      );
      await queryClient.invalidateQueries({ queryKey: PENDING_KEY });
      await queryClient.invalidateQueries({ queryKey: ['clients', 'caseload'] });
    },
  });
  const items = pending.data ?? [];

  return (
    <Stack gap="lg">
      <Title order={2}>{t('nav.transfers', { ns: 'common' })}</Title>
      <Text>{t('intro')}</Text>
      {done && (
        <Alert color="teal" role="status" data-testid="transfer-done">
          <Group gap="sm">
            <Text>{done.text}</Text>
            {done.clientId && (
              <Anchor component={Link} to={`/clients/${done.clientId}`} data-testid="open-transferred">
                {t('openNew')}
              </Anchor>
            )}
          </Group>
        </Alert>
      )}
      <ErrorAlert error={pending.error ?? decide.error} />
      {pending.isSuccess && items.length === 0 && <Text data-testid="no-transfers">{t('none')}</Text>}
      {items.length > 0 && (
        <Table data-testid="pending-transfers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('code')}</Table.Th>
              <Table.Th>{t('from')}</Table.Th>
              <Table.Th>{t('date')}</Table.Th>
              <Table.Th>{t('actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((transfer) => (
              <Table.Tr key={transfer.id} data-testid={`transfer-${transfer.clientCode}`}>
                <Table.Td ff="monospace">{transfer.clientCode}</Table.Td>
                <Table.Td ff="monospace">{transfer.fromClinicCode}</Table.Td>
                <Table.Td>{format.date(transfer.date)}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Button
                      size="md"
                      aria-label={t('acceptNamed', { code: transfer.clientCode })}
                      loading={decide.isPending && decide.variables?.transfer.id === transfer.id && decide.variables.verb === 'accept'}
                      onClick={() => decide.mutate({ transfer, verb: 'accept' })}
                      data-testid="accept-transfer"
                    >
                      {t('accept')}
                    </Button>
                    <Button
                      size="md"
                      variant="default"
                      aria-label={t('declineNamed', { code: transfer.clientCode })}
                      loading={decide.isPending && decide.variables?.transfer.id === transfer.id && decide.variables.verb === 'decline'}
                      onClick={() => decide.mutate({ transfer, verb: 'decline' })}
                      data-testid="decline-transfer"
                    >
                      {t('decline')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
