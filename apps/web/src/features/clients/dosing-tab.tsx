import { Alert, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { FlagBadge } from '../../ui/flag-badge';
import { useUser } from '../../auth/session';
import { clientPartKey, may, type AnyClient } from './client-data';
import { DoseHistory } from './dose-history';
import { DoseOrderForm } from './dose-order-form';
import { OrderHistory } from './order-history';
import { Facts, Pending, Section } from './parts';
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
  const physician = may.writeOrder(user);

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
      {status.data && <DoseHistory clientId={client.id} clinicDay={status.data.clinicDay} />}
    </Stack>
  );
}
