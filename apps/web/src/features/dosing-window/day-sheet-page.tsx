import { useState } from 'react';
import { Badge, Button, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiJson, apiRequest } from '../../api/client';
import { addDays, todayIso } from '../../i18n/clinic-time';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { DateField } from '../../ui/date-field';
import { ErrorAlert } from '../../ui/errors';
import { Loading } from '../../ui/feedback';
import { useUser } from '../../auth/session';
import { may } from '../clients/client-data';
import { isSplitPart, recorderId, VoidForm, type HistoryDose } from '../clients/dose-history';
import './messages';
import './print.css';
import { DataTable } from '../../ui/data-table';
import { Dialog } from '../../ui/dialog';

/**
 * One record of the day sheet (api.md `GET /dosing/day-sheet`): a dose with
 * the client's code and name; a guest's given here (guest dosing) with the
 * home clinic's code in place of a name.
 */
export type DaySheetDose = HistoryDose & {
  clientId?: string;
  code: string;
  name?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  guest?: { homeClinicCode: string } | null;
};

export interface DaySheet {
  date: string;
  doses: DaySheetDose[];
  totals: { doses: number; observedMg: number; takeHomeMg: number; totalMg: number };
}

/** Saves a file the API answers (it wants the bearer token, so a plain link cannot fetch it). */
async function download(path: string, fileName: string): Promise<void> {
  const blob = await (await apiRequest(path)).blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The day's dispensing record (发药登记): every dose of a clinic day with who
 * gave it, voided ones struck through, and the totals for the stock count;
 * CSV and PDF from the API, and a print stylesheet for the page itself.
 */
export default function DaySheetPage() {
  const { t } = useTranslation('dosing');
  const format = useFormat();
  const timeZone = useClinicTimeZone();
  const [date, setDate] = useState(() => todayIso(timeZone));
  const [busy, setBusy] = useState<'csv' | 'pdf' | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const user = useUser();
  const [voiding, setVoiding] = useState<DaySheetDose | null>(null);
  const sheet = useQuery({
    queryKey: ['dosing', 'day-sheet', date],
    queryFn: () => apiJson<DaySheet>(`/dosing/day-sheet?date=${date}`),
  });
  const mg = (value: number) => t('orderMg', { mg: format.number(value, 1) });
  const time = new Intl.DateTimeFormat(format.language, { timeStyle: 'short', timeZone });

  async function save(kind: 'csv' | 'pdf') {
    setBusy(kind);
    setDownloadError(null);
    try {
      await download(`/dosing/day-sheet?date=${date}&format=${kind}`, `day-sheet-${date}.${kind}`);
    } catch (error) {
      setDownloadError(error);
    } finally {
      setBusy(null);
    }
  }

  // A guest's record stays closed to the host, so the sheet is where its window corrects a guest's dose: the nurse who gave it,
  // that day; a physician while the arrangement lasts (the API decides, 403 or 404 otherwise).
  const mayVoidGuestDose = (dose: DaySheetDose) =>
    !!dose.guest &&
    !dose.voided &&
    !!dose.clientId &&
    may.voidDose(user) &&
    user.role !== 'coordinator' &&
    (user.role !== 'nurse' || (recorderId(dose) === user.id && date === todayIso(timeZone)));

  const name = (dose: DaySheetDose) =>
    dose.name ?? (dose.givenName !== undefined || dose.familyName !== undefined ? format.name(dose) : '—');

  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={2}>{t('sheet.title', { day: format.date(date) })}</Title>
        <Group gap="xs" className="no-print">
          <Button
            variant="default"
            size="sm"
            loading={busy === 'csv'}
            disabled={busy === 'pdf'}
            onClick={() => void save('csv')}
            data-testid="export-csv"
          >
            {t('sheet.csv')}
          </Button>
          <Button
            variant="default"
            size="sm"
            loading={busy === 'pdf'}
            disabled={busy === 'csv'}
            onClick={() => void save('pdf')}
            data-testid="export-pdf"
          >
            {t('sheet.pdf')}
          </Button>
          <Button variant="default" size="sm" onClick={() => window.print()}>
            {t('print')}
          </Button>
        </Group>
      </Group>
      <Group align="flex-end" gap="sm" className="no-print">
        <Button variant="default" onClick={() => setDate(addDays(date, -1))}>
          {t('sheet.previous')}
        </Button>
        <DateField
          label={t('sheet.date')}
          name="date"
          value={date}
          onChange={(day) => day && setDate(day)}
          maxDate={todayIso(timeZone)}
          testId="sheet-date"
        />
        <Button variant="default" onClick={() => setDate(addDays(date, 1))} disabled={date >= todayIso(timeZone)}>
          {t('sheet.next')}
        </Button>
      </Group>
      <ErrorAlert error={downloadError} />
      {sheet.error ? <ErrorAlert error={sheet.error} /> : null}
      {sheet.isPending && <Loading />}
      {sheet.data && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="day-sheet-totals">
            <Total label={t('sheet.doses')} value={format.number(sheet.data.totals.doses)} testId="total-doses" />
            <Total label={t('sheet.observedMg')} value={mg(sheet.data.totals.observedMg)} testId="total-observed" />
            <Total label={t('sheet.takeHomeMg')} value={mg(sheet.data.totals.takeHomeMg)} testId="total-take-home" />
            <Total label={t('sheet.totalMg')} value={mg(sheet.data.totals.totalMg)} testId="total-mg" />
          </SimpleGrid>
          {sheet.data.doses.length === 0 ? (
            <Text c="dimmed">{t('sheet.empty')}</Text>
          ) : (
            <DataTable striped data-testid="day-sheet">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('sheet.time')}</Table.Th>
                  <Table.Th scope="col">{t('code')}</Table.Th>
                  <Table.Th scope="col">{t('sheet.name')}</Table.Th>
                  <Table.Th scope="col">{t('sheet.dose')}</Table.Th>
                  <Table.Th scope="col">{t('kind')}</Table.Th>
                  <Table.Th scope="col">{t('sheet.givenBy')}</Table.Th>
                  <Table.Th scope="col">{t('sheet.notes')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sheet.data.doses.map((dose) => {
                  const struck = dose.voided ? { textDecoration: 'line-through' } : undefined;
                  return (
                    <Table.Tr key={dose.id} data-testid={`sheet-${dose.code}`} data-voided={dose.voided || undefined}>
                      <Table.Td style={struck}>{time.format(new Date(dose.recordedAt))}</Table.Td>
                      <Table.Td style={struck} ff="monospace">
                        {dose.code}
                      </Table.Td>
                      <Table.Td style={struck}>
                        {dose.guest ? (
                          <Badge variant="light" color="grape" ff="monospace" data-testid="guest-badge">
                            {t('guestBadge', { clinic: dose.guest.homeClinicCode })}
                          </Badge>
                        ) : (
                          name(dose)
                        )}
                      </Table.Td>
                      <Table.Td style={struck}>{mg(dose.doseMg)}</Table.Td>
                      <Table.Td style={struck}>
                        {dose.kind === 'take_home' ? t('sheet.takeHomeDays', { count: dose.coversDays }) : t('observed')}
                        {isSplitPart(
                          dose,
                          sheet.data.doses.filter((other) => other.code === dose.code),
                        )
                          ? ` · ${t('sheet.part', { part: dose.part })}`
                          : ''}
                      </Table.Td>
                      <Table.Td style={struck}>
                        {typeof dose.recordedBy === 'object' && dose.recordedBy ? (dose.recordedBy.displayName ?? '—') : '—'}
                      </Table.Td>
                      <Table.Td>
                        {dose.voided ? t('sheet.voided', { reason: dose.voidReason ?? '—' }) : (dose.reason ?? '')}
                        {mayVoidGuestDose(dose) && (
                          <Button
                            size="xs"
                            variant="outline"
                            color="red.9"
                            className="no-print"
                            aria-label={t('sheet.voidGuestDose', { code: dose.code, dose: mg(dose.doseMg) })}
                            data-testid="void-guest-dose"
                            onClick={() => setVoiding(dose)}
                          >
                            {t('sheet.void')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </DataTable>
          )}
          <Text size="xs" c="dimmed">
            {t('sheet.footnote')}
          </Text>
          <Dialog
            opened={voiding !== null}
            onClose={() => setVoiding(null)}
            title={voiding ? t('sheet.voidGuestDose', { code: voiding.code, dose: mg(voiding.doseMg) }) : ''}
            closeButtonProps={{ 'aria-label': t('common:action.close') }}
          >
            {voiding?.clientId && (
              <VoidForm
                clientId={voiding.clientId}
                dose={voiding}
                onCancel={() => setVoiding(null)}
                onVoided={() => {
                  setVoiding(null);
                  void sheet.refetch();
                }}
              />
            )}
          </Dialog>
        </>
      )}
    </Stack>
  );
}

function Total({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Stack gap={0}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}
