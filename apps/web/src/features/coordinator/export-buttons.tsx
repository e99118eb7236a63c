import { useState } from 'react';
import { Button, Group, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/errors';
import { NS } from './messages';

type Format = 'csv' | 'pdf';

/** The export buttons of a report: each fetches its file with the session's token and saves it. */
export function ExportButtons({ formats, onExport }: { formats: Format[]; onExport: (format: Format) => Promise<void> }) {
  const { t } = useTranslation(NS);
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function run(format: Format) {
    setBusy(format);
    setError(null);
    try {
      await onExport(format);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Stack gap="xs">
      <Group gap="xs">
        {formats.map((format) => (
          <Button
            key={format}
            variant="default"
            size="sm"
            loading={busy === format}
            disabled={busy !== null && busy !== format}
            onClick={() => void run(format)}
            data-testid={`export-${format}`}
          >
            {t(`export.${format}`)}
          </Button>
        ))}
      </Group>
      <ErrorAlert error={error} />
    </Stack>
  );
}
