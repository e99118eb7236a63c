import { Stack, Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { FlagBadge } from '../../ui/flag-badge';
import { useUser } from '../../auth/session';
import { clientPartKey, may, type AnyClient } from './client-data';
import { clientLists } from './client-lists';
import { DoseHistory } from './dose-history';
import { DoseOrderForm } from './dose-order-form';
import { Empty, Facts, Pending, Section } from './parts';
import './messages';

/** Dosing status, dose orders (a physician writes them here) and the doses of the last 30 clinic days (the dosing window records doses). */
export function DosingTab({ client }: { client: AnyClient }) {
  const { t } = useTranslation('clients');
  const user = useUser();
  const format = useFormat();
  const mg = (value: number) => t('dosing.mg', { value: format.number(value, 1) });
  const status = useQuery({
    queryKey: clientPartKey(client.id, 'dosing-status'),
    queryFn: () => ok(api.GET('/api/v1/clients/{id}/dosing-status', { params: { path: { id: client.id } } })),
  });

  return (
    <Stack gap="xl">
      <Section title={t('dosing.status')} testId="dosing-status">
        {!status.data ? (
          <Pending error={status.error} />
        ) : (
          <Facts
            rows={[
              { key: 'clinicDay', label: t('dosing.clinicDay'), value: format.date(status.data.clinicDay) },
              { key: 'lastDoseDay', label: t('dosing.lastDoseDay'), value: format.date(status.data.lastDoseDay) },
              { key: 'missedDays', label: t('dosing.missedDays'), value: format.number(status.data.consecutiveMissedDays) },
              {
                key: 'flag',
                label: t('dosing.flag'),
                value: <FlagBadge flag={status.data.flag} testId="dosing-flag" />,
              },
              {
                key: 'activeOrder',
                label: t('dosing.activeOrder'),
                value: status.data.activeOrder
                  ? t('dosing.orderSummary', {
                      dose: mg(status.data.activeOrder.doseMg),
                      date: format.date(status.data.activeOrder.effectiveDate),
                    })
                  : t('dosing.noOrder'),
              },
            ]}
          />
        )}
      </Section>
      {may.writeOrder(user.role) && <DoseOrderForm clientId={client.id} />}
      <Orders clientId={client.id} mg={mg} />
      {status.data && <DoseHistory clientId={client.id} clinicDay={status.data.clinicDay} />}
    </Stack>
  );
}

function Orders({ clientId, mg }: { clientId: string; mg: (value: number) => string }) {
  const { t } = useTranslation('clients');
  const format = useFormat();
  const orders = useQuery({
    queryKey: clientPartKey(clientId, 'dose-orders'),
    queryFn: () => clientLists.doseOrders(clientId),
  });
  return (
    <Section title={t('dosing.orders')} testId="dose-orders">
      {!orders.data ? (
        <Pending error={orders.error} />
      ) : orders.data.length === 0 ? (
        <Empty>{t('dosing.noOrders')}</Empty>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('dosing.effectiveDate')}</Table.Th>
                <Table.Th scope="col">{t('dosing.dose')}</Table.Th>
                <Table.Th scope="col">{t('dosing.split')}</Table.Th>
                <Table.Th scope="col">{t('dosing.takeHome')}</Table.Th>
                <Table.Th scope="col">{t('dosing.note')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {orders.data.map((order) => (
                <Table.Tr key={order.id} data-testid="dose-order">
                  <Table.Td>{format.date(order.effectiveDate)}</Table.Td>
                  <Table.Td>{mg(order.doseMg)}</Table.Td>
                  <Table.Td>{order.splitDose ? t('yes') : t('no')}</Table.Td>
                  <Table.Td>{format.number(order.takeHomeDaysPerWeek)}</Table.Td>
                  <Table.Td>{order.note ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
