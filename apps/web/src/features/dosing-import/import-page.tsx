import { useState, type FormEvent } from 'react';
import { Alert, Code, FileInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/client';
import { ApiError } from '../../api/api-error';
import { useFormat } from '../../i18n/format';
import { FormFooter } from '../../ui/form-footer';
import { NS } from './messages';
import { DataTable } from '../../ui/data-table';

const HEADER = 'client_code,clinic_day,dose_mg,kind';
const EXAMPLE = `${HEADER}\nKM01-000123,2024-03-01,60,observed`;
/** The API's limits (api.md, `POST /imports/dosing-history`): rows per file, failing rows listed in a refusal. */
const MAX_ROWS = 2_000_000;
const MAX_LISTED = 100;

/** The failing rows of a refused file: each with its line number and the reason the API gave. */
class ImportRefused extends Error {
  constructor(
    readonly rows: { line: number; reason: string; key?: string; limits?: Record<string, unknown> }[],
    /** How many rows fail in all (the API lists at most {@link MAX_LISTED}). */
    readonly failing: number,
  ) {
    super('IMPORT_REFUSED');
  }
}

async function importFile(file: File): Promise<{ imported: number }> {
  try {
    const response = await apiRequest('/imports/dosing-history', { method: 'POST', body: file, headers: { 'Content-Type': 'text/csv' } });
    return (await response.json()) as { imported: number };
  } catch (error) {
    if (error instanceof ApiError && error.status === 400 && error.fields.some((field) => field.field.startsWith('row '))) {
      const rows = error.fields
        .filter((field) => field.field.startsWith('row '))
        .map((field) => ({ line: Number(field.field.slice(4)), reason: field.message, key: field.key, limits: field.limits }));
      // The detail says how many rows fail in all ("N row(s) fail; ..."), of which the first 100 are listed.
      const failing = Number(/^(\d+) row/.exec(error.detail ?? '')?.[1] ?? rows.length);
      throw new ImportRefused(rows, Math.max(failing, rows.length));
    }
    throw error;
  }
}

/** The coordinator imports dosing history from a CSV file: all rows or none; a refusal lists the failing rows. */
export default function DosingImportPage() {
  const { t, i18n } = useTranslation(NS);
  const format = useFormat();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: importFile,
    // Imported doses change statuses, flags, episodes and reports.
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const refused = upload.error instanceof ImportRefused ? upload.error : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (file) upload.mutate(file);
  }

  return (
    <Stack gap="lg">
      <Title order={2}>{t('title')}</Title>
      <Text>{t('intro', { header: HEADER })}</Text>
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('example')}
        </Text>
        <Code block>{EXAMPLE}</Code>
      </Stack>
      <Paper withBorder p="md">
        <form noValidate onSubmit={submit}>
          <Stack gap="sm">
            <FileInput
              label={t('file')}
              description={t('fileHint', { rows: format.number(MAX_ROWS) })}
              placeholder={t('chooseFile')}
              accept=".csv,text/csv"
              required
              clearable
              clearButtonProps={{ 'aria-label': t('clearFile') }}
              value={file}
              onChange={(chosen) => {
                upload.reset();
                setFile(chosen);
              }}
              // The field is a button: its name says what it is for and what it shows (the file chosen, or the prompt).
              aria-label={`${t('file')}: ${file?.name ?? t('chooseFile')}`}
              data-testid="import-file"
            />
            <FormFooter
              submit={t('submit')}
              pending={upload.isPending}
              error={refused ? null : upload.error}
              done={upload.data ? t('imported', { count: upload.data.imported }) : ''}
              disabled={!file}
              testId="import-submit"
            />
          </Stack>
        </form>
      </Paper>
      {refused && (
        <Alert color="red" title={t('failedTitle')} role="alert" data-testid="import-refused">
          <Stack gap="sm">
            <Text size="sm" data-testid="import-failing">
              {t('failedCount', { count: refused.failing })}{' '}
              {refused.failing > refused.rows.length ? t('listed', { listed: format.number(MAX_LISTED) }) : t('allListed')}
            </Text>
            <DataTable withTableBorder data-testid="import-errors">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('line')}</Table.Th>
                  <Table.Th scope="col">{t('reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {refused.rows.map((row) => (
                  <Table.Tr key={`${row.line}-${row.reason}`} data-testid="import-error" data-line={row.line}>
                    <Table.Td>{t('lineOf', { line: row.line })}</Table.Td>
                    {row.key && i18n.exists(`${NS}:rowReasons.${row.key}`) ? (
                      <Table.Td data-key={row.key}>{t(`rowReasons.${row.key}`, { ...row.limits })}</Table.Td>
                    ) : (
                      <Table.Td lang="en">{row.reason}</Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
