import { useState, type FormEvent } from 'react';
import { Badge, Button, Group, Modal, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { api, ok, type Result, type Schemas } from '../../api/client';
import { todayIso } from '../../i18n/clinic-time';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { DateField } from '../../ui/date-field';
import { FormFooter } from '../../ui/form-footer';
import { clientPartKey } from './client-data';
import { clientLists } from './client-lists';
import { ORDER_PARTS } from './dose-order-form';
import { Empty, Pending, Section } from './parts';
import './messages';

export type OrderStatus = 'active' | 'scheduled' | 'superseded' | 'ended' | 'voided';

/**
 * An order as `GET /clients/:id/dose-orders` lists it (api.md: `status`,
 * `writtenBy`, `note`; an ended order's last day and the reasons given when
 * it was ended or voided). The fields are optional here so the history reads
 * an API that does not send one yet: a missing status reads as not known.
 */
export type OrderItem = Schemas['DoseOrderDto'] &
  Partial<{
    status: OrderStatus;
    writtenBy: { id: string; displayName: string } | null;
    endDate: string | null;
    endReason: string | null;
    voidReason: string | null;
  }>;

// Filled badges whose text meets WCAG AA: dark shades with white text.
const STATUS_COLOR: Record<OrderStatus, string> = {
  active: 'teal.9',
  scheduled: 'blue.9',
  superseded: 'gray.7',
  ended: 'dark.6',
  voided: 'red.9',
};

type Action = { kind: 'end' | 'void'; order: OrderItem };

/**
 * `POST /clients/:id/dose-orders/:orderId/{end,void}` of api.md, through the
 * app's authorized client. The routes are declared here by their api.md
 * shape, as the generated schema may not list them yet.
 */
function orderAction(clientId: string, orderId: string, kind: 'end' | 'void', body: { date?: string; reason: string }) {
  const post = api.POST as unknown as (
    path: string,
    init: { params: { path: { id: string; orderId: string } }; body: { date?: string; reason: string } },
  ) => Promise<Result<OrderItem>>;
  return ok(post(`/api/v1/clients/{id}/dose-orders/{orderId}/${kind}`, { params: { path: { id: clientId, orderId } }, body }));
}

/** Every order of the client, newest first, with its status and who wrote it; a physician ends or voids one here. */
export function OrderHistory({ clientId, canChange }: { clientId: string; canChange: boolean }) {
  const { t } = useTranslation('clients');
  const format = useFormat();
  const mg = (value: number) => t('dosing.mg', { value: format.number(value, 1) });
  const [action, setAction] = useState<Action | null>(null);
  const orders = useQuery({
    queryKey: clientPartKey(clientId, 'dose-orders'),
    queryFn: async () => (await clientLists.doseOrders(clientId)) as OrderItem[],
  });

  return (
    <Section title={t('orders.title')} testId="dose-orders">
      {!orders.data ? (
        <Pending error={orders.error} />
      ) : orders.data.length === 0 ? (
        <Empty>{t('dosing.noOrders')}</Empty>
      ) : (
        <Table.ScrollContainer minWidth={880}>
          <Table verticalSpacing="xs">
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
              {orders.data.map((order) => {
                const voided = order.status === 'voided';
                return (
                  <Table.Tr key={order.id} data-testid="dose-order" data-order-id={order.id} data-status={order.status ?? 'unknown'}>
                    <Table.Td>
                      {order.status ? (
                        <Badge color={STATUS_COLOR[order.status]} miw="max-content" data-testid="order-status">
                          {t(`orders.statusName.${order.status}`)}
                        </Badge>
                      ) : (
                        '—'
                      )}
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
                    <Table.Td data-testid="order-written-by">{order.writtenBy?.displayName ?? '—'}</Table.Td>
                    {canChange && (
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          {(order.status === 'active' || order.status === 'scheduled') && (
                            <Button size="compact-sm" variant="default" onClick={() => setAction({ kind: 'end', order })}>
                              {t('orders.end')}
                            </Button>
                          )}
                          {order.status !== undefined && !voided && (
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
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={action !== null}
        onClose={() => setAction(null)}
        title={action ? t(action.kind === 'end' ? 'orders.endTitle' : 'orders.voidTitle') : ''}
        centered
        closeButtonProps={{ 'aria-label': t('action.close', { ns: 'common' }) }}
      >
        {action && <OrderActionForm clientId={clientId} action={action} onDone={() => setAction(null)} />}
      </Modal>
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
    mutationFn: (body: { date?: string; reason: string }) => orderAction(clientId, order.id, kind, body),
    onSuccess: async () => {
      await Promise.all(ORDER_PARTS.map((part) => queryClient.invalidateQueries({ queryKey: clientPartKey(clientId, part) })));
      onDone();
    },
  });
  const serverFields = send.error instanceof ApiError ? send.error.fields.map((f) => f.field) : [];
  const fieldError = (field: 'date' | 'reason') =>
    missing[field] ? t(`orders.invalid.${field}`) : serverFields.includes(field) ? t('error.field', { ns: 'common' }) : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems = { date: kind === 'end' && !date, reason: reason.trim() === '' };
    setMissing(problems);
    if (problems.date || problems.reason) return;
    send.mutate(kind === 'end' ? { date: date ?? undefined, reason: reason.trim() } : { reason: reason.trim() });
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
        <FormFooter
          error={send.error}
          submit={t(kind === 'end' ? 'orders.endConfirm' : 'orders.voidConfirm')}
          pending={send.isPending}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}
