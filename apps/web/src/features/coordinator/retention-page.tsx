import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, List, NativeSelect, NumberInput, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { useFieldErrors } from '../../ui/errors';
import { RangeFields } from './date-range';
import { saveExport, useExportLanguage } from './download';
import { ExportButtons } from './export-buttons';
import { NS } from './messages';
import { QueryState } from './query-state';
import { RetentionChart } from './retention-chart';
import {
  COHORT_PERIODS,
  COMPARES,
  LANDMARK_COMPARES,
  reportSeries,
  SMALL_GROUP,
  useSeriesName,
  type CohortBy,
  type Compare,
} from './retention-series';
import { CurveTables, RetentionSummaryTable } from './retention-tables';
import { Stat } from './stat';

interface Filters {
  from?: string;
  to?: string;
  compare: Compare;
  cohortBy: CohortBy;
  landmarkDays: number;
}

const COHORT_LABEL: Record<CohortBy, string> = {
  month: 'retention.cohortMonth',
  quarter: 'retention.cohortQuarter',
  year: 'retention.cohortYear',
};

const COMPARE_LABEL: Record<Compare, string> = {
  none: 'retention.compareNone',
  cohort: 'retention.compareCohort',
  peer_support: 'retention.comparePeer',
  family_involvement: 'retention.compareFamily',
  social_support: 'retention.compareSocial',
};

function query(filters: Filters) {
  return {
    from: filters.from,
    to: filters.to,
    compare: filters.compare,
    cohortBy: filters.compare === 'cohort' ? filters.cohortBy : undefined,
    landmarkDays: LANDMARK_COMPARES.includes(filters.compare) ? filters.landmarkDays : undefined,
  };
}

export default function RetentionPage() {
  const { t } = useTranslation(NS);
  const timeZone = useClinicTimeZone();
  const lang = useExportLanguage();
  const [filters, setFilters] = useState<Filters>({ compare: 'none', cohortBy: 'month', landmarkDays: 90 });
  const report = useQuery({
    queryKey: ['coordinator', 'retention', filters],
    queryFn: () => ok(api.GET('/api/v1/reports/retention', { params: { query: query(filters) } })),
    placeholderData: keepPreviousData,
  });

  function download(format: 'csv' | 'pdf') {
    return saveExport(
      api.GET('/api/v1/reports/retention', { params: { query: { ...query(filters), format, lang } }, parseAs: 'blob' }),
      'retention',
      format,
      timeZone,
    );
  }

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Title order={2}>{t('retention.title')}</Title>
        <ExportButtons formats={['csv', 'pdf']} onExport={download} />
      </Group>
      <RetentionFilters value={filters} onApply={setFilters} error={report.error} />
      {report.data ? <RetentionReport report={report.data} compare={filters.compare} /> : null}
      <QueryState isPending={report.isPending} error={report.error} />
    </Stack>
  );
}

function RetentionFilters({ value, onApply, error }: { value: Filters; onApply: (filters: Filters) => void; error: unknown }) {
  const { t } = useTranslation(NS);
  const fieldError = useFieldErrors(error);
  const [draft, setDraft] = useState(value);
  const landmark = LANDMARK_COMPARES.includes(draft.compare);

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <Paper withBorder p="md">
      <form noValidate onSubmit={submit} aria-label={t('filters.title')}>
        <Stack gap="xs">
          <Group align="flex-end" gap="sm">
            <RangeFields
              from={draft.from ?? ''}
              to={draft.to ?? ''}
              onFrom={(from) => setDraft({ ...draft, from: from || undefined })}
              onTo={(to) => setDraft({ ...draft, to: to || undefined })}
              fieldError={fieldError}
            />
            <NativeSelect
              label={t('retention.compare')}
              name="compare"
              value={draft.compare}
              w={220}
              data={COMPARES.map((compare) => ({ value: compare, label: t(COMPARE_LABEL[compare]) }))}
              onChange={(event) => {
                // A new comparison shows at once; dates and landmark wait for the button.
                const compare = event.currentTarget.value as Compare;
                setDraft({ ...draft, compare });
                onApply({ ...draft, compare });
              }}
            />
            {draft.compare === 'cohort' && (
              <NativeSelect
                label={t('retention.cohortBy')}
                name="cohortBy"
                value={draft.cohortBy}
                w={180}
                data={COHORT_PERIODS.map((period) => ({ value: period, label: t(COHORT_LABEL[period]) }))}
                onChange={(event) => {
                  const cohortBy = event.currentTarget.value as CohortBy;
                  setDraft({ ...draft, cohortBy });
                  onApply({ ...draft, cohortBy });
                }}
              />
            )}
            {landmark && (
              <NumberInput
                label={t('retention.landmarkDays')}
                name="landmarkDays"
                min={1}
                max={730}
                allowDecimal={false}
                value={draft.landmarkDays}
                onChange={(days) => setDraft({ ...draft, landmarkDays: typeof days === 'number' ? days : Number(days) || 90 })}
                error={fieldError('landmarkDays')}
                w={250}
              />
            )}
            <Button type="submit" data-testid="apply-filters">
              {t('filters.apply')}
            </Button>
          </Group>
          {landmark && (
            <Text size="sm" c="dimmed">
              {t('retention.landmarkHint')}
            </Text>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

function RetentionReport({ report, compare }: { report: Schemas['RetentionReportDto']; compare: Compare }) {
  const { t, i18n } = useTranslation(NS);
  const format = useFormat();
  const groupName = useSeriesName(compare);
  const series = reportSeries(report, t('retention.all'), groupName);
  const groups = series.slice(1);
  const charted = groups.length > 0 ? groups : series;
  const landmark = LANDMARK_COMPARES.includes(compare);
  const small = groups.filter((group) => group.episodes > 0 && group.episodes < SMALL_GROUP);

  return (
    <Stack gap="lg" data-testid="retention-report">
      <Text size="sm" c="dimmed" data-testid="retention-as-of">
        {t('retention.asOf', { day: format.date(report.asOf) })}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Stat label={t('retention.episodes')} value={format.number(report.episodes)} testId="retention-episodes" />
        <Stat label={t('retention.events')} value={format.number(report.events)} testId="retention-events" />
        <Stat label={t('retention.censored')} value={format.number(report.censored)} testId="retention-censored" />
      </SimpleGrid>
      <section aria-labelledby="retention-at-title">
        <Title order={3} id="retention-at-title" mb="xs">
          {t('retention.retentionAt')}
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <Stat label={t('retention.m3')} value={format.percent(report.retention.m3)} testId="retention-m3" />
          <Stat label={t('retention.m6')} value={format.percent(report.retention.m6)} testId="retention-m6" />
          <Stat label={t('retention.m12')} value={format.percent(report.retention.m12)} testId="retention-m12" />
        </SimpleGrid>
      </section>
      {report.logRank && (
        <section aria-labelledby="log-rank-title">
          <Title order={3} id="log-rank-title" mb="xs">
            {t('retention.logRank')}
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <Stat label={t('retention.chiSquare')} value={format.number(report.logRank.chiSquare, 2)} testId="log-rank-chi-square" />
            <Stat
              label={t('retention.pValue')}
              value={report.logRank.pValue < 0.001 ? `< ${format.number(0.001, 3)}` : format.number(report.logRank.pValue, 3)}
              testId="log-rank-p-value"
            />
          </SimpleGrid>
          <Text size="sm" c="dimmed" mt="xs">
            {t('retention.logRankHint')}
          </Text>
        </section>
      )}
      <section aria-labelledby="curve-title">
        <Title order={3} id="curve-title">
          {groups.length > 0 ? t('retention.chartCompared') : t('retention.chart')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('retention.chartHint')}
        </Text>
        {report.followUp !== undefined && (
          <Text size="sm" c="dimmed" data-testid="retention-follow-up">
            {t('retention.followUp', { days: format.number(report.followUp) })}
          </Text>
        )}
        {small.length > 0 && (
          <Alert color="yellow" mt="xs" data-testid="small-groups">
            {t('retention.smallGroups', {
              groups: new Intl.ListFormat(i18n.language).format(
                small.map((group) => `${group.name} (n = ${format.number(group.episodes)})`),
              ),
            })}
          </Alert>
        )}
        <Stack gap={0} mb="sm" mt="xs">
          <Text size="sm" fw={500}>
            {t('retention.helpTitle')}
          </Text>
          <List size="sm" c="dimmed" data-testid="retention-help">
            <List.Item>{t('retention.helpCensored')}</List.Item>
            <List.Item>{t('retention.helpLandmark')}</List.Item>
            {compare === 'social_support' && <List.Item data-testid="social-support-hint">{t('retention.socialHint')}</List.Item>}
            <List.Item>{t('retention.helpLogRank')}</List.Item>
          </List>
        </Stack>
        {report.episodes === 0 ? (
          <Text data-testid="retention-empty">{t('retention.noEpisodes')}</Text>
        ) : (
          <Stack gap="md">
            <Paper withBorder p="sm" data-testid="retention-chart">
              <RetentionChart
                series={charted}
                bands
                xLabel={landmark ? t('retention.landmarkAxis') : t('retention.dayAxis')}
                labels={{ survival: t('retention.survival'), band: t('retention.band') }}
                title={groups.length > 0 ? t('retention.chartCompared') : t('retention.chart')}
                description={t('retention.chartHint')}
              />
            </Paper>
            <RetentionSummaryTable series={series} />
            <CurveTables series={series} />
          </Stack>
        )}
      </section>
    </Stack>
  );
}
