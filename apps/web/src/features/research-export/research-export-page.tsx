import { useState } from 'react';
import { Alert, Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { saveExport } from '../coordinator/download';
import { QueryState } from '../coordinator/query-state';
import { Stat } from '../coordinator/stat';
import { NS } from './messages';

const PROJECT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
type Format = 'csv' | 'parquet';

/**
 * The coordinator's research export: first what it would hold (clients with
 * research consent, and how many k-anonymity leaves out), then the download
 * of a project's ZIP.
 */
export default function ResearchExportPage() {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const timeZone = useClinicTimeZone();
  const [project, setProject] = useState('');
  const [fileFormat, setFileFormat] = useState<Format>('csv');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const summary = useQuery({
    queryKey: ['coordinator', 'research-export-summary'],
    queryFn: () => ok(api.GET('/api/v1/exports/research/summary')),
  });
  const valid = PROJECT.test(project);

  async function download() {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await saveExport(
        api.GET('/api/v1/exports/research', { params: { query: { format: fileFormat, project } }, parseAs: 'blob' }),
        `research-${project.toLowerCase()}`,
        'zip',
        timeZone,
      );
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const s = summary.data;
  return (
    <Stack gap="lg">
      <Title order={2}>{t('title')}</Title>
      <Text>{t('intro', { k: s?.k ?? 5 })}</Text>
      {s && (
        <Stack gap="sm" data-testid="research-summary">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Stat label={t('consenting')} value={format.number(s.consentingClients)} testId="research-consenting" />
            <Stat label={t('exported')} value={format.number(s.exportedClients)} testId="research-exported" />
            <Stat label={t('suppressed')} value={format.number(s.suppressedClients)} testId="research-suppressed" />
          </SimpleGrid>
          <Text size="sm" data-testid="research-suppressed-note">
            {s.suppressedClients === 0
              ? t('noneSuppressed')
              : t('suppressedNote', { count: s.suppressedClients, k: s.k, groups: s.suppressedGroups })}
          </Text>
        </Stack>
      )}
      <QueryState isPending={summary.isPending} error={summary.error} />
      {s && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <TextInput
              label={t('project')}
              description={t('projectHint')}
              value={project}
              onChange={(event) => setProject(event.currentTarget.value.trim())}
              error={project !== '' && !valid ? t('projectInvalid') : undefined}
              maxLength={64}
              data-testid="research-project"
            />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('format')}
              </Text>
              <SegmentedControl
                value={fileFormat}
                onChange={setFileFormat}
                data={[
                  { value: 'csv', label: t('csv') },
                  { value: 'parquet', label: t('parquet') },
                ]}
                aria-label={t('format')}
                data-testid="research-format"
              />
            </Stack>
            <Group>
              <Button onClick={() => void download()} loading={busy} disabled={!valid} data-testid="research-download">
                {t('download')}
              </Button>
            </Group>
            {saved && (
              <Alert color="green" data-testid="research-saved">
                {t('downloaded')}
              </Alert>
            )}
            <ErrorAlert error={error} />
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
