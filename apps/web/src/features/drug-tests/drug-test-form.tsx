import { useState, type FormEvent } from 'react';
import { Group, Paper, SegmentedControl, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { todayIso } from '../../i18n/clinic-time';
import { useClinicTimeZone } from '../../i18n/format';
import { DateField } from '../../ui/date-field';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { FormFooter } from '../../ui/form-footer';
import { clientPartKey } from '../clients/client-data';
import { DRUG_TESTS_DUE_KEY } from './drug-tests-due';
import './messages';

type Body = Schemas['CreateDrugTestDto'];
type Substance = Schemas['DrugTestResultInputDto']['substance'];
type Result = Schemas['DrugTestResultInputDto']['result'];

export const SUBSTANCES: Substance[] = [
  'opiates',
  'morphine',
  'heroin',
  'methadone',
  'buprenorphine',
  'fentanyl',
  'methamphetamine',
  'amphetamine',
  'ketamine',
  'cocaine',
  'cannabis',
  'benzodiazepines',
  'mdma',
];
const RESULTS: Result[] = ['negative', 'positive', 'invalid'];

/**
 * Records a urine test: the date, whether the collection was observed, and
 * either a refusal or a result per substance, each one tap (touch-friendly,
 * large targets). Used on the client record and at the dispensing window.
 */
export function DrugTestForm({
  clientId,
  onRecorded,
  testId = 'drug-test-form',
}: {
  clientId: string;
  onRecorded?: () => void;
  testId?: string;
}) {
  const { t } = useTranslation('drugTests');
  const queryClient = useQueryClient();
  const timeZone = useClinicTimeZone();
  const [date, setDate] = useState(() => todayIso(timeZone));
  const [observed, setObserved] = useState(true);
  const [refused, setRefused] = useState(false);
  const [results, setResults] = useState<Partial<Record<Substance, Result>>>({});

  const save = useIdempotentCreate(
    (body: Body, header) => api.POST('/api/v1/clients/{id}/drug-tests', { params: { path: { id: clientId }, header }, body }),
    {
      onSuccess: async () => {
        setRefused(false);
        setResults({});
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: clientPartKey(clientId, 'drug-tests') }),
          queryClient.invalidateQueries({ queryKey: DRUG_TESTS_DUE_KEY }),
        ]);
        onRecorded?.();
      },
    },
  );
  const fieldError = useFieldErrors(save.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const chosen = SUBSTANCES.flatMap((substance) => (results[substance] ? [{ substance, result: results[substance] }] : []));
    save.mutate({ date, observed: refused ? false : observed, refused, results: refused ? undefined : chosen });
  }

  return (
    <form noValidate onSubmit={submit} data-testid={testId}>
      <Stack>
        <ErrorAlert error={save.error} />
        {save.isSuccess && !onRecorded && (
          <Text size="sm" role="status" data-testid="drug-test-saved">
            {t('saved')}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }} verticalSpacing="md">
          <DateField
            label={t('date')}
            name="date"
            required
            value={date || null}
            onChange={(value) => setDate(value ?? '')}
            error={fieldError('date')}
            testId="drug-test-date"
          />
          <Switch
            size="lg"
            mt="lg"
            label={t('observed')}
            checked={observed && !refused}
            disabled={refused}
            onChange={(event) => setObserved(event.currentTarget.checked)}
            data-testid="drug-test-observed"
          />
          <Switch
            size="lg"
            mt="lg"
            color="red"
            label={t('refused')}
            checked={refused}
            onChange={(event) => setRefused(event.currentTarget.checked)}
            error={fieldError('refused')}
            data-testid="drug-test-refused"
          />
        </SimpleGrid>
        {!refused && (
          <Paper withBorder p="sm">
            <Stack gap="xs" role="group" aria-labelledby={`${testId}-results`}>
              <Text fw={600} id={`${testId}-results`}>
                {t('results')}
              </Text>
              <Text size="sm" c="dimmed">
                {t('resultsHint')}
              </Text>
              {fieldError('results') && (
                <Text size="sm" c="red.8" role="alert" data-testid="drug-test-results-error">
                  {fieldError('results')}
                </Text>
              )}
              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" verticalSpacing="xs">
                {SUBSTANCES.map((substance) => (
                  <Group key={substance} justify="space-between" wrap="nowrap" gap="xs" data-testid={`substance-${substance}`}>
                    <Text size="sm" miw={96}>
                      {t(`substance.${substance}`)}
                    </Text>
                    <SegmentedControl
                      size="sm"
                      aria-label={t(`substance.${substance}`)}
                      value={results[substance] ?? 'none'}
                      onChange={(value) => setResults((current) => ({ ...current, [substance]: value === 'none' ? undefined : value }))}
                      data={[
                        { value: 'none', label: t('notTested') },
                        ...RESULTS.map((result) => ({ value: result, label: t(`result.${result}`) })),
                      ]}
                    />
                  </Group>
                ))}
              </SimpleGrid>
            </Stack>
          </Paper>
        )}
        <FormFooter submit={t('submit')} pending={save.isPending} size="lg" testId="drug-test-submit" />
      </Stack>
    </form>
  );
}
