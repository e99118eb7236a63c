import { useState, type FormEvent } from 'react';
import { Checkbox, NumberInput, Paper, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { todayIso } from '../../i18n/clinic-time';
import { useClinicTimeZone } from '../../i18n/format';
import { useFieldErrors } from '../../ui/errors';
import { FormFooter } from '../../ui/form-footer';
import { clientPartKey, optional } from './client-data';
import { Section } from './parts';
import './messages';

/** A physician writes a dose order; the latest effective one is the active order. */
export function DoseOrderForm({ clientId }: { clientId: string }) {
  const { t } = useTranslation('clients');
  const queryClient = useQueryClient();
  const [doseMg, setDoseMg] = useState<number | ''>('');
  const timeZone = useClinicTimeZone();
  const [effectiveDate, setEffectiveDate] = useState(() => todayIso(timeZone));
  const [splitDose, setSplitDose] = useState(false);
  const [takeHome, setTakeHome] = useState<number | ''>(0);
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState(false);

  const save = useIdempotentCreate(
    (body: Schemas['CreateDoseOrderDto'], header) =>
      api.POST('/api/v1/clients/{id}/dose-orders', { params: { path: { id: clientId }, header }, body }),
    {
      onSuccess: async () => {
        setSaved(true);
        setDoseMg('');
        setNote('');
        await Promise.all(
          ['dose-orders', 'dosing-status'].map((part) => queryClient.invalidateQueries({ queryKey: clientPartKey(clientId, part) })),
        );
      },
    },
  );
  const fieldError = useFieldErrors(save.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    save.mutate({
      doseMg: Number(doseMg),
      effectiveDate,
      splitDose,
      takeHomeDaysPerWeek: Number(takeHome || 0),
      note: optional(note),
    });
  }

  return (
    <Paper withBorder p="md">
      <Section title={t('dosing.newOrder')} testId="dose-order-form">
        <form onSubmit={submit}>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NumberInput
                label={t('dosing.doseMg')}
                name="doseMg"
                required
                min={0.5}
                max={1000}
                step={0.5}
                decimalScale={1}
                value={doseMg}
                onChange={(value) => setDoseMg(value === '' ? '' : Number(value))}
                error={fieldError('doseMg')}
              />
              <TextInput
                type="date"
                label={t('dosing.effectiveDate')}
                name="effectiveDate"
                required
                value={effectiveDate}
                onChange={(event) => setEffectiveDate(event.currentTarget.value)}
                error={fieldError('effectiveDate')}
              />
              <NumberInput
                label={t('dosing.takeHome')}
                name="takeHomeDaysPerWeek"
                min={0}
                max={6}
                value={takeHome}
                onChange={(value) => setTakeHome(value === '' ? '' : Number(value))}
                error={fieldError('takeHomeDaysPerWeek')}
              />
            </SimpleGrid>
            <Checkbox label={t('dosing.split')} checked={splitDose} onChange={(event) => setSplitDose(event.currentTarget.checked)} />
            <Textarea
              label={t('dosing.note')}
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
              pending={save.isPending}
            />
          </Stack>
        </form>
      </Section>
    </Paper>
  );
}
