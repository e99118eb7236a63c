import { useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Group, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { useFieldErrors } from '../../ui/errors';
import { api, ok, type Schemas } from '../../api/client';
import { todayIso } from '../../i18n/clinic-time';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { DateField } from '../../ui/date-field';
import { FormFooter } from '../../ui/form-footer';
import { clientPartKey } from './client-data';
import { clientLists } from './client-lists';
import { invalidateOrders } from './dose-order-form';
import { Section, Listed } from './parts';
import './messages';
import { DataTable } from '../../ui/data-table';
import { Dialog } from '../../ui/dialog';

export type OrderStatus = OrderItem['status'];

/** An order as `GET /clients/:id/dose-orders` lists it: status, who wrote it, note, an ended order's last day, the reasons. */
export type OrderItem = Schemas['DoseOrderDto'];

// Filled badges whose text meets WCAG AA: dark shades with white text.
const STATUS_COLOR: Record<OrderStatus, string> = {
  active: 'teal.9',
  scheduled: 'blue.9',
  superseded: 'gray.7',
  ended: 'dark.6',
  voided: 'red.9',
};

type Action = { kind: 'end' | 'void'; order: OrderItem };

type ActionBody = { kind: 'end'; body: Schemas['EndDoseOrderDto'] } | { kind: 'void'; body: Schemas['VoidDoseOrderDto'] };

/** `POST /clients/:id/dose-orders/:orderId/end` or `/void`. */
function orderAction(clientId: string, orderId: string, action: ActionBody): Promise<OrderItem> {
  const params = { path: { id: clientId, orderId } };
  return action.kind === 'end'
    ? ok(api.POST('/api/v1/clients/{id}/dose-orders/{orderId}/end', { params, body: action.body }))
    : ok(api.POST('/api/v1/clients/{id}/dose-orders/{orderId}/void', { params, body: action.body }));
}

/** Every order of the client, newest first, with its status and who wrote it; a physician ends or voids one here. */
export function OrderHistory({ clientId, canChange }: { clientId: string; canChange: boolean }) {
  const { t } = useTranslation('clients');
  const format = useFormat();
  const mg = (value: number) => t('dosing.mg', { value: format.number(value, 1) });
  const [action, setAction] = useState<Action | null>(null);
  const orders = useQuery({
    queryKey: clientPartKey(clientId, 'dose-orders'),
    queryFn: () => clientLists.doseOrders(clientId),
  });

  return (
    <Section title={t('orders.title')} testId="dose-orders">
      <Listed items={orders.data} error={orders.error} empty={t('dosing.noOrders')}>
        {(list) => (
          <DataTable minWidth={880} verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('orders.status')}</Table.Th>
                <Table.Th scope="col">{t('dosing.dose')}</Table.Th>
                <Table.Th scope="col">{t('orders.dates')}</Table.Th>
                <Table.Th scope="col">{t('dosing.split')}</Table.Th>
                <Table.Th scope="col">{t('dosing.takeHome')}</Table.Th>
                <Table.Th scope="col">{t('dosing.note')}</Table.Th>
                <Table.Th scope="col">{t('orders.writtenBy')}</Table.Th>
                {canChange && <Table.Th scope="col">{t('orders.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((order) => {
                const voided = order.status === 'voided';
                return (
                  <Table.Tr key={order.id} data-testid="dose-order" data-order-id={order.id} data-status={order.status}>
                    <Table.Td>
                      <Badge color={STATUS_COLOR[order.status]} miw="max-content" data-testid="order-status">
                        {t(`orders.statusName.${order.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td td={voided ? 'line-through' : undefined} data-testid="order-dose">
                      {mg(order.doseMg)}
                    </Table.Td>
                    <Table.Td data-testid="order-dates">
                      {order.endDate
                        ? t('orders.fromTo', { from: format.date(order.effectiveDate), to: format.date(order.endDate) })
                        : t('orders.from', { from: format.date(order.effectiveDate) })}
                    </Table.Td>
                    <Table.Td>{order.splitDose ? t('yes') : t('no')}</Table.Td>
                    <Table.Td>{format.number(order.takeHomeDaysPerWeek)}</Table.Td>
                    <Table.Td maw={260}>
                      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                        {order.note ?? '—'}
                      </Text>
                      {order.endReason && (
                        <Text size="sm" c="dimmed" data-testid="order-end-reason">
                          {t('orders.endedBecause', { reason: order.endReason })}
                        </Text>
                      )}
                      {order.voidReason && (
                        <Text size="sm" c="dimmed" data-testid="order-void-reason">
                          {t('orders.voidedBecause', { reason: order.voidReason })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td data-testid="order-written-by">{order.writtenBy.displayName}</Table.Td>
                    {canChange && (
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          {(order.status === 'active' || order.status === 'scheduled') && (
                            <Button size="compact-sm" variant="default" onClick={() => setAction({ kind: 'end', order })}>
                              {t('orders.end')}
                            </Button>
                          )}
                          {!voided && (
                            <Button size="compact-sm" variant="default" color="red.9" onClick={() => setAction({ kind: 'void', order })}>
                              {t('orders.void')}
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </DataTable>
        )}
      </Listed>
      <Dialog
        opened={action !== null}
        onClose={() => setAction(null)}
        title={action ? t(action.kind === 'end' ? 'orders.endTitle' : 'orders.voidTitle') : ''}
        centered
        closeButtonProps={{ 'aria-label': t('action.close', { ns: 'common' }) }}
      >
        {action && <OrderActionForm clientId={clientId} action={action} onDone={() => setAction(null)} />}
      </Dialog>
    </Section>
  );
}

/** End (last day in force + reason) or void (reason) one order, after saying what it does. */
function OrderActionForm({ clientId, action, onDone }: { clientId: string; action: Action; onDone: () => void }) {
  const { t } = useTranslation('clients');
  const format = useFormat();
  const queryClient = useQueryClient();
  const timeZone = useClinicTimeZone();
  const [date, setDate] = useState<string | null>(() => todayIso(timeZone));
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<{ date?: boolean; reason?: boolean }>({});
  const { kind, order } = action;
  const send = useMutation({
    mutationFn: (body: ActionBody) => orderAction(clientId, order.id, body),
    onSuccess: async () => {
      await invalidateOrders(queryClient, clientId);
      onDone();
    },
  });
  const serverError = useFieldErrors(send.error);
  const fieldError = (field: 'date' | 'reason') => (missing[field] ? t(`orders.invalid.${field}`) : serverError(field));

  /** ORDER_IN_USE when ending: a dose was given under the order after the chosen last day (when voiding, the common words say it). */
  const endsBeforeADose = kind === 'end' && send.error instanceof ApiError && send.error.code === 'ORDER_IN_USE';

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems = { date: kind === 'end' && !date, reason: reason.trim() === '' };
    setMissing(problems);
    if (problems.date || problems.reason) return;
    if (kind === 'void') send.mutate({ kind, body: { reason: reason.trim() } });
    else if (date) send.mutate({ kind, body: { date, reason: reason.trim() } });
  }

  const summary = t('orders.summary', {
    dose: t('dosing.mg', { value: format.number(order.doseMg, 1) }),
    date: format.date(order.effectiveDate),
  });
  return (
    <form onSubmit={submit} noValidate data-testid={`order-${kind}-form`}>
      <Stack>
        <Text>{t(kind === 'end' ? 'orders.endExplain' : 'orders.voidExplain', { order: summary })}</Text>
        {kind === 'end' && (
          <DateField
            label={t('orders.lastDay')}
            name="date"
            required
            value={date}
            onChange={(value) => setDate(value)}
            error={fieldError('date')}
            testId="order-end-date"
          />
        )}
        <Textarea
          label={t('orders.reason')}
          name="reason"
          required
          autosize
          minRows={2}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={fieldError('reason')}
        />
        {endsBeforeADose && (
          <Alert color="red" title={t('error.title', { ns: 'common' })} role="alert" data-testid="error">
            {t('orders.endBeforeDose')}
          </Alert>
        )}
        <FormFooter
          error={endsBeforeADose ? undefined : send.error}
          submit={t(kind === 'end' ? 'orders.endConfirm' : 'orders.voidConfirm')}
          pending={send.isPending}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}
