import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, NumberInput, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { DOSING_TODAY_KEY } from '../../api/dosing-today';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import type { WindowItem } from './find-client';

type Kind = Schemas['RecordDoseDto']['kind'];

/**
 * Records one dose for the client at the window. The order is shown; the
 * reason field appears when the dose is less than ordered and the assessment
 * note at the `assess` flag. The same body sent again (a retry after a dropped
 * connection) carries the same Idempotency-Key, so it never records a second dose.
 */
export function DoseForm({ item, onRecorded }: { item: WindowItem; onRecorded: (dose: Schemas['DoseDto']) => void }) {
  const { t } = useTranslation('dosing');
  const queryClient = useQueryClient();
  const order = item.activeOrder;
  const [doseMg, setDoseMg] = useState<number | ''>(order ? (order.splitDose ? order.doseMg / 2 : order.doseMg) : '');
  const [kind, setKind] = useState<Kind>('observed');
  const [coversDays, setCoversDays] = useState<number | ''>(1);
  const [reason, setReason] = useState('');
  const [assessmentNote, setAssessmentNote] = useState('');

  const record = useIdempotentCreate(
    (body: Schemas['RecordDoseDto'], header) =>
      api.POST('/api/v1/clients/{id}/doses', { params: { path: { id: item.clientId }, header }, body }),
    {
      onSuccess: async (dose) => {
        await queryClient.invalidateQueries({ queryKey: DOSING_TODAY_KEY });
        onRecorded(dose);
      },
    },
  );
  const fieldError = useFieldErrors(record.error);
  const ordered = order ? (order.splitDose ? order.doseMg / 2 : order.doseMg) : null;
  const lessThanOrdered = ordered !== null && doseMg !== '' && Number(doseMg) < ordered;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (record.isPending) return;
    record.mutate({
      doseMg: Number(doseMg),
      kind,
      ...(kind === 'take_home' ? { coversDays: Number(coversDays) } : {}),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(assessmentNote.trim() ? { assessmentNote: assessmentNote.trim() } : {}),
    });
  }

  return (
    <form onSubmit={submit} data-testid="dose-form">
      <Stack>
        <Text data-testid="active-order">
          {order ? t('activeOrder', { mg: order.doseMg }) : t('noOrder')}
          {order?.splitDose ? ` · ${t('split')}` : ''}
          {order && order.takeHomeDaysPerWeek > 0 ? ` · ${t('takeHome', { days: order.takeHomeDaysPerWeek })}` : ''}
        </Text>
        {item.flag === 'assess' && (
          <Alert color="orange" role="status">
            {t('assessWarning', { count: item.consecutiveMissedDays })}
          </Alert>
        )}
        {item.flag === 'retitrate' && (
          <Alert color="red" role="status">
            {t('retitrateWarning', { count: item.consecutiveMissedDays })}
          </Alert>
        )}
        <NumberInput
          label={t('doseMg')}
          name="doseMg"
          min={0}
          max={1000}
          decimalScale={1}
          required
          data-autofocus
          value={doseMg}
          onChange={(value) => setDoseMg(value === '' ? '' : Number(value))}
          error={fieldError('doseMg')}
        />
        <SegmentedControl
          aria-label={t('kind')}
          value={kind}
          onChange={(value) => setKind(value)}
          data={[
            { value: 'observed', label: t('observed') },
            { value: 'take_home', label: t('take_home') },
          ]}
        />
        {kind === 'take_home' && (
          <NumberInput
            label={t('coversDays')}
            name="coversDays"
            min={1}
            max={6}
            required
            value={coversDays}
            onChange={(value) => setCoversDays(value === '' ? '' : Number(value))}
            error={fieldError('coversDays')}
          />
        )}
        {(lessThanOrdered || reason) && (
          <Textarea
            label={t('reason')}
            name="reason"
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
        )}
        {item.flag === 'assess' && (
          <Textarea
            label={t('assessmentNote')}
            name="assessmentNote"
            required
            autosize
            minRows={2}
            value={assessmentNote}
            onChange={(e) => setAssessmentNote(e.currentTarget.value)}
          />
        )}
        <ErrorAlert error={record.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={record.isPending}>
            {t('record')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
