import { useState, type FormEvent } from 'react';
import { Button, Group, Stack, Table, Text, Textarea, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiJson, type Schemas } from '../../api/client';
import { DOSING_TODAY_KEY } from '../../api/dosing-today';
import { useUser } from '../../auth/session';
import { addDays } from '../../i18n/clinic-time';
import { useFormat } from '../../i18n/format';
import { Done } from '../../ui/feedback';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { clientKey, clientPartKey, may } from './client-data';
import { clientLists } from './client-lists';
import { Section, Listed } from './parts';
import './dose-history-messages';
import { DataTable } from '../../ui/data-table';
import { Dialog } from '../../ui/dialog';

/**
 * A dose as `GET /clients/:id/doses` answers it (api.md "Dosing"). The
 * fields beyond the generated schema are optional only so the app builds
 * against an API that does not send them yet.
 */
export type HistoryDose = Omit<Schemas['DoseDto'], 'recordedBy'> & {
  recordedBy: { id: string; displayName: string | null } | string | null;
} & Partial<{ part: number | null; reason: string | null; assessmentNote: string | null; voided: boolean; voidReason: string | null }>;

export const recorderId = (dose: HistoryDose) => (typeof dose.recordedBy === 'string' ? dose.recordedBy : (dose.recordedBy?.id ?? null));
const recorderName = (dose: HistoryDose) =>
  typeof dose.recordedBy === 'object' && dose.recordedBy ? (dose.recordedBy.displayName ?? '—') : '—';

/** A part of a split dose: the second part, or a first part whose day has a second (every dose has `part`, 1 unless split). */
export function isSplitPart(dose: HistoryDose, all: HistoryDose[]): boolean {
  if (dose.part === 2) return true;
  return dose.part === 1 && all.some((other) => other.clinicDay === dose.clinicDay && other.part === 2 && !other.voided);
}

/** The doses of the last 30 clinic days: who gave each, which part, the reason and the assessment; voided ones struck through with why. */
export function DoseHistory({ clientId, clinicDay }: { clientId: string; clinicDay: string }) {
  const { t } = useTranslation('doseHistory');
  const format = useFormat();
  const user = useUser();
  const [voiding, setVoiding] = useState<HistoryDose | null>(null);
  const [done, setDone] = useState(false);
  const from = addDays(clinicDay, -29);
  const doses = useQuery({
    queryKey: clientPartKey(clientId, 'doses', from, clinicDay),
    queryFn: async () => (await clientLists.doses(clientId, from, clinicDay)) as HistoryDose[],
  });
  const mg = (value: number) => t('mg', { value: format.number(value, 1) });
  // The API decides (403 otherwise); the button is offered where api.md says the caller may void.
  const mayVoid = (dose: HistoryDose) =>
    !dose.voided && may.voidDose(user) && (user.role !== 'nurse' || (recorderId(dose) === user.id && dose.clinicDay === clinicDay));

  return (
    <Section title={t('title')} testId="doses">
      <Done testId="void-done">{done ? t('voidDone') : null}</Done>
      <Listed items={doses.data} error={doses.error} empty={t('empty')}>
        {(list) => (
          <DataTable minWidth={720} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('day')}</Table.Th>
                <Table.Th scope="col">{t('dose')}</Table.Th>
                <Table.Th scope="col">{t('kind')}</Table.Th>
                <Table.Th scope="col">{t('givenBy')}</Table.Th>
                <Table.Th scope="col">{t('notes')}</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{t('void')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((dose) => {
                const struck = dose.voided ? { textDecoration: 'line-through' } : undefined;
                return (
                  <Table.Tr key={dose.id} data-testid="dose" data-voided={dose.voided || undefined}>
                    <Table.Td style={struck}>{format.date(dose.clinicDay)}</Table.Td>
                    <Table.Td style={struck}>{mg(dose.doseMg)}</Table.Td>
                    <Table.Td style={struck}>
                      {t(`clients:doseKind.${dose.kind}`)}
                      {isSplitPart(dose, list) ? ` · ${t('part', { part: dose.part })}` : ''}
                      {dose.kind === 'take_home' ? ` · ${t('covers', { count: dose.coversDays })}` : ''}
                    </Table.Td>
                    <Table.Td style={struck}>
                      {recorderName(dose)}
                      <Text size="xs" c="dimmed">
                        {format.dateTime(dose.recordedAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        {dose.reason && <Text size="sm">{t('reason', { text: dose.reason })}</Text>}
                        {dose.assessmentNote && <Text size="sm">{t('assessment', { text: dose.assessmentNote })}</Text>}
                        {dose.voided && (
                          <Text size="sm" c="red.9" fw={500} data-testid="void-reason">
                            {t('voided', { reason: dose.voidReason ?? '—' })}
                          </Text>
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      {mayVoid(dose) && (
                        <Button
                          size="xs"
                          variant="outline"
                          color="red.9"
                          className="no-print"
                          aria-label={`${t('void')}: ${format.date(dose.clinicDay)} ${mg(dose.doseMg)}`}
                          onClick={() => {
                            setDone(false);
                            setVoiding(dose);
                          }}
                        >
                          {t('void')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </DataTable>
        )}
      </Listed>
      <Dialog
        opened={voiding !== null}
        onClose={() => setVoiding(null)}
        title={voiding ? t('voidTitle', { day: format.date(voiding.clinicDay), dose: mg(voiding.doseMg) }) : ''}
        closeButtonProps={{ 'aria-label': t('common:action.close') }}
      >
        {voiding && (
          <VoidForm
            clientId={clientId}
            dose={voiding}
            onCancel={() => setVoiding(null)}
            onVoided={() => {
              setVoiding(null);
              setDone(true);
            }}
          />
        )}
      </Dialog>
    </Section>
  );
}

/** The form that voids a dose with its reason (a client's history, and a guest's dose on the host's day sheet). */
export function VoidForm({
  clientId,
  dose,
  onCancel,
  onVoided,
}: {
  clientId: string;
  dose: HistoryDose;
  onCancel: () => void;
  onVoided: () => void;
}) {
  const { t } = useTranslation('doseHistory');
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const voidDose = useMutation({
    mutationFn: (body: { reason: string }) =>
      apiJson<unknown>(`/clients/${clientId}/doses/${dose.id}/void`, { method: 'POST', body: JSON.stringify(body) }),
    onSuccess: async () => {
      onVoided();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: clientKey(clientId) }),
        queryClient.invalidateQueries({ queryKey: DOSING_TODAY_KEY }),
      ]);
    },
  });
  const fieldError = useFieldErrors(voidDose.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = reason.trim();
    setMissing(text === '');
    if (text === '' || voidDose.isPending) return;
    voidDose.mutate({ reason: text });
  }

  return (
    <form onSubmit={submit} data-testid="void-form" noValidate>
      <Stack>
        <Text size="sm">{t('voidExplain')}</Text>
        <Textarea
          label={t('voidReason')}
          name="voidReason"
          required
          autosize
          minRows={2}
          data-autofocus
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={missing ? t('voidReasonRequired') : fieldError('reason')}
        />
        <ErrorAlert error={voidDose.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('cancel')}
          </Button>
          <Button type="submit" color="red.9" loading={voidDose.isPending}>
            {t('confirmVoid')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
