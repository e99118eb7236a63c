import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { can, useUser } from '../../auth/session';
import { useFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { AssessmentForm } from './assessment-form';
import { instrumentLanguage, localized, type Instrument } from './instrument-text';
import { assessmentsKey, instrumentsKey } from './keys';
import { NS } from './messages';
import { ScoreChart } from './score-chart';

/** An assessment as the API sent it: with `answers` for the client's counselor, scores only for others. */
type Assessment = Schemas['AssessmentScoresDto'] & Partial<Pick<Schemas['AssessmentDto'], 'answers'>>;

/** The most recent assessments the chart draws (the API's largest page). */
const CHARTED = 200;

/** The client's assessments: the form (the care-team counselor), a chart of each instrument's scores, and the list. */
export function AssessmentsTab({ client }: { client: { id: string } }) {
  const { t, i18n } = useTranslation(NS);
  const language = instrumentLanguage(i18n.language);
  const user = useUser();
  const format = useFormat();
  const instruments = useQuery({
    queryKey: instrumentsKey,
    queryFn: () => ok(api.GET('/api/v1/assessment-instruments')),
    staleTime: Infinity,
  });
  const assessments = useQuery({
    queryKey: assessmentsKey(client.id),
    queryFn: () => ok(api.GET('/api/v1/clients/{id}/assessments', { params: { path: { id: client.id }, query: { limit: CHARTED } } })),
  });
  const list: Assessment[] = assessments.data?.items ?? [];
  const byKey = new Map<string, Instrument>((instruments.data ?? []).map((one) => [one.key, one]));
  const withheld = list.length > 0 && !('answers' in list[0]);

  return (
    <Stack gap="xl">
      <ErrorAlert error={instruments.error ?? assessments.error} />
      {can(user, 'assessment.write') && instruments.data && <AssessmentForm clientId={client.id} instruments={instruments.data} />}
      <Stack gap="sm" data-testid="assessment-charts">
        <Text fw={600} size="lg" component="h3" m={0}>
          {t('chartTitle')}
        </Text>
        {assessments.data && list.length === 0 && <Text data-testid="assessments-empty">{t('chartEmpty')}</Text>}
        {(instruments.data ?? []).map((instrument) => (
          <ScoreChart key={instrument.key} instrument={instrument} assessments={list} />
        ))}
      </Stack>
      {list.length > 0 && (
        <Stack gap="sm" data-testid="assessment-history">
          <Text fw={600} size="lg" component="h3" m={0}>
            {t('historyTitle')}
          </Text>
          {withheld && (
            <Text size="sm" c="dimmed" data-testid="answers-withheld">
              {t('answersWithheld')}
            </Text>
          )}
          {list.map((one) => {
            const instrument = byKey.get(one.instrument);
            return (
              <Paper key={one.id} withBorder p="sm" component="article" data-testid="assessment">
                <Group gap="sm">
                  <Text fw={600}>{format.date(one.date)}</Text>
                  <Text>{instrument ? localized(instrument.title, language) : one.instrument}</Text>
                  <Badge variant="outline" color="dark" data-testid="assessment-total">
                    {`${t('total')} ${format.number(one.total, 2)}`}
                  </Badge>
                  {one.band && (
                    <Badge variant="light" color="dark">
                      {t(`band.${one.band}`)}
                    </Badge>
                  )}
                  {instrument?.subscales.map((subscale) => (
                    <Text key={subscale.key} size="sm">
                      {`${localized(subscale.title, language) ?? subscale.key} ${format.number(one.subscales[subscale.key] ?? 0, 2)}`}
                    </Text>
                  ))}
                </Group>
              </Paper>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}
