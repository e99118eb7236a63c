import { useState, type FormEvent } from 'react';
import { Alert, Chip, Group, Paper, Progress, SegmentedControl, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { todayIso } from '../../i18n/clinic-time';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { DateField } from '../../ui/date-field';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { FormFooter } from '../../ui/form-footer';
import { instrumentLanguage, localized, type Instrument } from './instrument-text';
import { assessmentsKey } from './keys';
import { NS } from './messages';

type Body = Schemas['CreateAssessmentDto'];

/**
 * The counselor takes an instrument with the client: every item on one
 * screen, each answered with large choices labelled as the scale labels them,
 * the progress shown; it will not send with an item unanswered and says which.
 */
export function AssessmentForm({ clientId, instruments }: { clientId: string; instruments: Instrument[] }) {
  const { t, i18n } = useTranslation(NS);
  const language = instrumentLanguage(i18n.language);
  const format = useFormat();
  const queryClient = useQueryClient();
  const timeZone = useClinicTimeZone();
  const [key, setKey] = useState<Instrument['key']>(instruments[0]?.key ?? 'mspss');
  const [date, setDate] = useState(() => todayIso(timeZone));
  const [answers, setAnswers] = useState<Record<string, Array<number | null>>>({});
  const [missing, setMissing] = useState<number[]>([]);
  const instrument = instruments.find((one) => one.key === key) ?? instruments[0];
  const current = answers[key] ?? instrument.items.map(() => null);
  const answered = current.filter((answer) => answer !== null).length;

  const save = useIdempotentCreate(
    (body: Body, header) => api.POST('/api/v1/clients/{id}/assessments', { params: { path: { id: clientId }, header }, body }),
    {
      onSuccess: async () => {
        setAnswers((all) => ({ ...all, [key]: instrument.items.map(() => null) }));
        await queryClient.invalidateQueries({ queryKey: assessmentsKey(clientId) });
      },
    },
  );
  const fieldError = useFieldErrors(save.error);

  function answer(index: number, value: number) {
    const next = [...current];
    next[index] = value;
    setAnswers((all) => ({ ...all, [key]: next }));
    setMissing((list) => list.filter((number) => number !== index + 1));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const unanswered = current.flatMap((value, index) => (value === null ? [index + 1] : []));
    setMissing(unanswered);
    if (unanswered.length > 0) return;
    save.mutate({ instrument: key, date, answers: current as number[] });
  }

  const points = Array.from({ length: instrument.scale.max - instrument.scale.min + 1 }, (_, i) => instrument.scale.min + i);
  const noTranslation = language === 'zh-CN' && instrument.translation['zh-CN'].source === null;

  return (
    <Paper withBorder p="md" data-testid="assessment-form">
      <form noValidate onSubmit={submit}>
        <Stack>
          <Text fw={600} size="lg" component="h3" m={0}>
            {t('formTitle')}
          </Text>
          <ErrorAlert error={save.error} />
          {save.isSuccess && save.data && (
            <Text size="sm" role="status" data-testid="assessment-saved">
              {t('saved', { total: format.number(save.data.total, 2) })}
            </Text>
          )}
          <Stack gap={4}>
            <Text size="sm" fw={500} id="assessment-instrument-label">
              {t('instrument')}
            </Text>
            <SegmentedControl
              aria-labelledby="assessment-instrument-label"
              size="md"
              fullWidth
              value={key}
              onChange={(value) => {
                setKey(value);
                setMissing([]);
              }}
              data={instruments.map((one) => ({ value: one.key, label: localized(one.title, language) ?? one.key }))}
              data-testid="assessment-instrument"
            />
          </Stack>
          <DateField
            label={t('date')}
            name="date"
            required
            value={date || null}
            onChange={(value) => setDate(value ?? '')}
            error={fieldError('date')}
            testId="assessment-date"
          />
          {noTranslation && (
            <Alert color="blue" variant="light" data-testid="assessment-no-translation">
              {t('noTranslation')}
            </Alert>
          )}
          {localized(instrument.instructions, language) && <Text size="sm">{localized(instrument.instructions, language)}</Text>}
          <Text size="xs" c="dimmed">
            {t('source', { source: instrument.source })}
          </Text>
          <Stack gap={4}>
            <Text size="sm" data-testid="assessment-progress">
              {t('progress', { answered, total: instrument.items.length })}
            </Text>
            <Progress value={(answered / instrument.items.length) * 100} aria-hidden />
          </Stack>
          {instrument.items.map((item, index) => {
            const text = localized(item.text, language);
            const id = `assessment-item-${key}-${item.number}`;
            const isMissing = missing.includes(item.number);
            return (
              <Paper
                key={id}
                withBorder
                p="sm"
                component="fieldset"
                m={0}
                data-testid="assessment-item"
                data-missing={isMissing || undefined}
                style={isMissing ? { borderColor: 'var(--mantine-color-red-8)' } : undefined}
                aria-invalid={isMissing || undefined}
              >
                <Text component="legend" fw={500} size="md" px={4}>
                  {text ? `${item.number}. ${text}` : t('itemFromSheet', { number: item.number })}
                </Text>
                <Chip.Group
                  value={current[index] === null ? '' : String(current[index])}
                  onChange={(value) => answer(index, Number(value))}
                >
                  <Group gap="xs" mt="xs">
                    {points.map((point, p) => (
                      <Chip
                        key={point}
                        value={String(point)}
                        size="lg"
                        radius="sm"
                        variant="outline"
                        data-testid={`answer-${item.number}-${point}`}
                      >
                        {`${point} ${localized(instrument.scale.labels[p], language) ?? ''}`.trim()}
                      </Chip>
                    ))}
                  </Group>
                </Chip.Group>
                {fieldError(`answers[${index}]`) && (
                  <Text c="red.8" size="sm">
                    {fieldError(`answers[${index}]`)}
                  </Text>
                )}
              </Paper>
            );
          })}
          {missing.length > 0 && (
            <Alert color="red" role="alert" data-testid="assessment-unanswered">
              {t('unanswered', { items: missing.join(', ') })}
            </Alert>
          )}
          <FormFooter submit={t('submit')} pending={save.isPending} testId="assessment-submit" size="lg" />
        </Stack>
      </form>
    </Paper>
  );
}
