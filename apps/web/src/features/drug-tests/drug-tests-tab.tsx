import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { can, useUser } from '../../auth/session';
import { useFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { LoadMore } from '../../ui/load-more';
import { clientPartKey, type AnyClient } from '../clients/client-data';
import { Listed, Section } from '../clients/parts';
import { DrugTestForm } from './drug-test-form';
import './messages';

type DrugTest = Schemas['DrugTestDto'];

/** The client's drug tests, newest first, and the form for those who record them. */
export function DrugTestsTab({ client }: { client: AnyClient }) {
  const { t } = useTranslation('drugTests');
  const user = useUser();
  const tests = useInfiniteQuery({
    queryKey: clientPartKey(client.id, 'drug-tests'),
    queryFn: ({ pageParam }) =>
      ok(api.GET('/api/v1/clients/{id}/drug-tests', { params: { path: { id: client.id }, query: { cursor: pageParam ?? undefined } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = tests.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="xl">
      {can(user, 'drug_test.record') && (
        <Paper withBorder p="md">
          <Section title={t('formTitle')} testId="drug-test-section">
            <DrugTestForm clientId={client.id} />
          </Section>
        </Paper>
      )}
      <Section title={t('title')} testId="drug-tests">
        <Listed items={tests.data && items} error={tests.error} empty={t('empty')}>
          {(list) => (
            <Stack gap="sm">
              {list.map((test) => (
                <TestCard key={test.id} test={test} />
              ))}
              <ErrorAlert error={tests.error} />
              <LoadMore pages={tests} />
            </Stack>
          )}
        </Listed>
      </Section>
    </Stack>
  );
}

function TestCard({ test }: { test: DrugTest }) {
  const { t } = useTranslation('drugTests');
  const format = useFormat();
  return (
    <Paper withBorder p="sm" component="article" data-testid="drug-test">
      <Stack gap={6}>
        <Group gap="sm">
          <Text fw={600}>{format.date(test.date)}</Text>
          {test.refused ? (
            <Badge color="red.9" variant="filled" data-testid="drug-test-refused-badge">
              {t('refusedBadge')}
            </Badge>
          ) : (
            <Badge variant="outline" color="dark">
              {test.observed ? t('observedBadge') : t('notObserved')}
            </Badge>
          )}
          {test.positiveOpiate && !test.refused && (
            <Badge color="red.9" variant="filled">
              {t('positiveOpiate')}
            </Badge>
          )}
        </Group>
        {test.results.length > 0 && (
          <Group gap={6}>
            {test.results.map((result) => (
              <Badge
                key={result.substance}
                variant={result.result === 'positive' ? 'filled' : 'outline'}
                color={result.result === 'positive' ? 'red.9' : 'dark'}
                tt="none"
              >
                {t(`substance.${result.substance}`)}: {t(`result.${result.result}`)}
              </Badge>
            ))}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
