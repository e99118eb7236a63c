import { useState, type FormEvent } from 'react';
import { Button, Checkbox, Group, Modal, NumberInput, Paper, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { DOSING_TODAY_KEY } from '../../api/dosing-today';
import { useFieldErrors } from '../../ui/errors';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { todayIso } from '../../i18n/clinic-time';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { DateField } from '../../ui/date-field';
import { FormFooter } from '../../ui/form-footer';
import { clientPartKey, optional } from './client-data';
import { checkOrderInput, isLargeChange, type OrderField, type OrderInput } from './dose-order-input';
import { Section } from './parts';
import './messages';

type OrderBody = Schemas['CreateDoseOrderDto'];
type CurrentOrder = Pick<Schemas['ActiveOrderDto'], 'doseMg' | 'effectiveDate'>;

/** The parts of the client record an order changes. */
const ORDER_PARTS = ['dose-orders', 'dosing-status'];

/** After an order is written, ended or voided: the client's orders and status, and the window's list (its order column). */
export function invalidateOrders(queryClient: QueryClient, clientId: string): Promise<unknown> {
  return Promise.all([
    ...ORDER_PARTS.map((part) => queryClient.invalidateQueries({ queryKey: clientPartKey(clientId, part) })),
    queryClient.invalidateQueries({ queryKey: DOSING_TODAY_KEY }),
  ]);
}

/**
 * A physician writes a dose order. The numbers are checked as typed (out of
 * range is an error at the field, in the user's language, and nothing is
 * sent); Mantine's NumberInput would otherwise clamp them on blur, so its
 * clamping is off and it has no min/max. The current order's dose is shown,
 * and a change of more than 20 mg or 50% is confirmed in a dialog first.
 */
export function DoseOrderForm({ clientId, current }: { clientId: string; current: CurrentOrder | null }) {
  const { t } = useTranslation('clients');
  const format = useFormat();
  const queryClient = useQueryClient();
  const timeZone = useClinicTimeZone();
  const mg = (value: number) => t('dosing.mg', { value: format.number(value, 1) });
  const emptyInput = (): OrderInput => ({ doseMg: '', takeHomeDaysPerWeek: '0', effectiveDate: todayIso(timeZone) });
  const [input, setInput] = useState<OrderInput>(emptyInput);
  const [splitDose, setSplitDose] = useState(false);
  const [note, setNote] = useState('');
  const [checked, setChecked] = useState<Partial<Record<OrderField, string>>>({});
  const [confirming, setConfirming] = useState<OrderBody | null>(null);
  const [saved, setSaved] = useState(false);

  const save = useIdempotentCreate(
    (body: OrderBody, header) => api.POST('/api/v1/clients/{id}/dose-orders', { params: { path: { id: clientId }, header }, body }),
    {
      onSuccess: async () => {
        setSaved(true);
        setInput(emptyInput());
        setSplitDose(false);
        setNote('');
        await invalidateOrders(queryClient, clientId);
      },
    },
  );
  const serverError = useFieldErrors(save.error);
  /** The field's problem: as checked here, else as the server named it (in the user's words, never the server's English). */
  const fieldError = (field: OrderField | 'note' | 'splitDose'): string | undefined => {
    if (field !== 'note' && field !== 'splitDose' && checked[field]) return t(`orderForm.invalid.${checked[field]}`);
    if (field === 'splitDose' || !serverError(field)) return serverError(field);
    return t(`orderForm.invalid.${field}`);
  };
  const change = (field: OrderField, value: string | null) => {
    setInput((before) => ({ ...before, [field]: value ?? '' }));
    setChecked((before) => ({ ...before, [field]: undefined }));
    setSaved(false);
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const result = checkOrderInput(input);
    if (!result.ok) {
      setChecked(result.errors);
      save.reset();
      return;
    }
    setChecked({});
    const body: OrderBody = {
      doseMg: result.doseMg,
      effectiveDate: result.effectiveDate,
      splitDose,
      takeHomeDaysPerWeek: result.takeHomeDaysPerWeek,
      note: optional(note),
    };
    if (current && isLargeChange(current.doseMg, body.doseMg)) setConfirming(body);
    else save.mutate(body);
  }

  return (
    <Paper withBorder p="md">
      <Section title={t('dosing.newOrder')} testId="dose-order-form">
        <Text size="sm" data-testid="current-order">
          {current
            ? t('orderForm.current', { dose: mg(current.doseMg), date: format.date(current.effectiveDate) })
            : t('orderForm.noCurrent')}
        </Text>
        <form onSubmit={submit} noValidate>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NumberInput
                label={t('dosing.doseMg')}
                description={t('orderForm.doseHint')}
                name="doseMg"
                required
                clampBehavior="none"
                step={0.5}
                hideControls
                inputMode="decimal"
                value={input.doseMg}
                onChange={(value) => change('doseMg', String(value))}
                error={fieldError('doseMg')}
              />
              <DateField
                label={t('dosing.effectiveDate')}
                description={t('orderForm.effectiveHint')}
                name="effectiveDate"
                required
                value={input.effectiveDate}
                onChange={(value) => change('effectiveDate', value)}
                error={fieldError('effectiveDate')}
                testId="effective-date"
              />
              <NumberInput
                label={t('dosing.takeHome')}
                description={t('orderForm.takeHomeHint')}
                name="takeHomeDaysPerWeek"
                required
                clampBehavior="none"
                hideControls
                inputMode="numeric"
                value={input.takeHomeDaysPerWeek}
                onChange={(value) => change('takeHomeDaysPerWeek', String(value))}
                error={fieldError('takeHomeDaysPerWeek')}
              />
            </SimpleGrid>
            <Checkbox
              label={t('dosing.split')}
              name="splitDose"
              checked={splitDose}
              onChange={(event) => setSplitDose(event.currentTarget.checked)}
              error={fieldError('splitDose')}
            />
            <Textarea
              label={t('orderForm.note')}
              description={t('orderForm.noteHint')}
              name="note"
              autosize
              minRows={2}
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
              error={fieldError('note')}
            />
            <FormFooter
              error={save.error}
              done={saved && t('dosing.orderSaved')}
              submit={t('dosing.writeOrder')}
              pending={save.isPending && !confirming}
            />
          </Stack>
        </form>
      </Section>
      <Modal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={t('orderForm.confirmTitle')}
        centered
        closeButtonProps={{ 'aria-label': t('action.close', { ns: 'common' }) }}
      >
        {confirming && current && (
          <Stack data-testid="order-confirm">
            <Text data-testid="order-confirm-text">
              {t('orderForm.confirmText', {
                from: mg(current.doseMg),
                to: mg(confirming.doseMg),
                change: mg(Math.abs(confirming.doseMg - current.doseMg)),
                percent: format.percent(Math.abs(confirming.doseMg - current.doseMg) / current.doseMg, 0),
              })}
            </Text>
            <Group gap="sm">
              <Button
                color="red.9"
                data-testid="order-confirm-save"
                onClick={() => {
                  const body = confirming;
                  setConfirming(null);
                  save.mutate(body);
                }}
              >
                {t('orderForm.confirmSave')}
              </Button>
              <Button variant="default" onClick={() => setConfirming(null)}>
                {t('orderForm.confirmBack')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Paper>
  );
}
