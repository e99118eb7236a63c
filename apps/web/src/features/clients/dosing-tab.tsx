import { Alert, Stack, Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { addDays } from '../../i18n/clinic-time';
import { useFormat } from '../../i18n/format';
import { FlagBadge } from '../../ui/flag-badge';
import { useUser } from '../../auth/session';
import { clientPartKey, may, type AnyClient } from './client-data';
import { clientLists } from './client-lists';
import { DoseOrderForm } from './dose-order-form';
import { OrderHistory } from './order-history';
import { Empty, Facts, Pending, Section } from './parts';
import './messages';

type DosingStatus = Schemas['DosingStatusDto'];
type Flag = DosingStatus['flag'];

/**
 * The badge the status shows: what stands between the client and a dose now,
 * from the explicit `orderSuspended` and `assessmentRequired` of
 * `dosing-status` (api.md), never re-derived from the flag: after a re-order
 * the missed days (and so the flag) stay, while the suspension is lifted.
 */
function standing(status: DosingStatus): Flag {
  if (status.flag === 'dropped_out') return 'dropped_out';
  if (status.orderSuspended) return 'retitrate';
  if (status.assessmentRequired) return 'assess';
  return 'ok';
}

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
  const physician = may.writeOrder(user.role);

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
                value: <FlagBadge flag={standing(status.data)} testId="dosing-flag" />,
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
        {physician && status.data?.orderSuspended && (
          <Alert color="red" variant="light" role="status" data-testid="order-suspended">
            {t('orders.suspendedAlert', { count: status.data.consecutiveMissedDays })}
          </Alert>
        )}
      </Section>
      {physician && status.data && <DoseOrderForm clientId={client.id} current={status.data.activeOrder} />}
      <OrderHistory clientId={client.id} canChange={physician} />
      {status.data && <Doses clientId={client.id} clinicDay={status.data.clinicDay} mg={mg} />}
    </Stack>
  );
}

function Doses({ clientId, clinicDay, mg }: { clientId: string; clinicDay: string; mg: (value: number) => string }) {
  const { t } = useTranslation('clients');
  const format = useFormat();
  const from = addDays(clinicDay, -29);
  const doses = useQuery({
    queryKey: clientPartKey(clientId, 'doses', from, clinicDay),
    queryFn: () => clientLists.doses(clientId, from, clinicDay),
  });
  return (
    <Section title={t('dosing.doses')} testId="doses">
      {!doses.data ? (
        <Pending error={doses.error} />
      ) : doses.data.length === 0 ? (
        <Empty>{t('dosing.noDoses')}</Empty>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('dosing.day')}</Table.Th>
                <Table.Th scope="col">{t('dosing.given')}</Table.Th>
                <Table.Th scope="col">{t('dosing.kind')}</Table.Th>
                <Table.Th scope="col">{t('dosing.covers')}</Table.Th>
                <Table.Th scope="col">{t('dosing.recordedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {doses.data.map((dose) => (
                <Table.Tr key={dose.id} data-testid="dose">
                  <Table.Td>{format.date(dose.clinicDay)}</Table.Td>
                  <Table.Td>{mg(dose.doseMg)}</Table.Td>
                  <Table.Td>{t(`doseKind.${dose.kind}`)}</Table.Td>
                  <Table.Td>{dose.kind === 'take_home' ? format.number(dose.coversDays) : '—'}</Table.Td>
                  <Table.Td>{format.dateTime(dose.recordedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
