import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { Alert, Anchor, Badge, Button, Group, Loader, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, apiJson, ok } from '../../api/client';
import { DOSING_TODAY_KEY, loadDosingToday } from '../../api/dosing-today';
import { can, useUser } from '../../auth/session';
import { useFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { Done } from '../../ui/feedback';
import { FlagBadge } from '../../ui/flag-badge';
import { clientPartKey } from '../clients/client-data';
import { EmergencyByCode } from '../clients/emergency-by-code';
import { DoseForm } from './dose-form';
import { DrugTestForm } from '../drug-tests/drug-test-form';
import { useDrugTestsDue, type DueItem } from '../drug-tests/drug-tests-due';
import { flaggedFirst, mergeMatches, narrowLocally, withFreshStatus, type FreshStatus, type WindowItem } from './window-item';
import './messages';
import './print.css';
import { DataTable } from '../../ui/data-table';
import { Dialog } from '../../ui/dialog';

function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The nurse's screen: today's list, flagged clients first; find a client by code, number, name or phone; record a dose; keyboard first. */
export default function DosingWindowPage() {
  const { t } = useTranslation('dosing');
  const format = useFormat();
  const user = useUser();
  // Those who hold dose.record (nurses, physicians) record here; others (a coordinator) see the window read-only.
  const canRecord = can(user, 'dose.record');
  const today = useQuery({ queryKey: DOSING_TODAY_KEY, queryFn: loadDosingToday, refetchInterval: 60_000 });
  const [typed, setTyped] = useState('');
  const [selected, setSelected] = useState(0);
  const [dosing, setDosing] = useState<WindowItem | null>(null);
  const [recorded, setRecorded] = useState<string | null>(null);
  // Drug tests due today beside the window's list (GET /drug-tests/due), and the test recorded from a row.
  const testsDue = useDrugTestsDue();
  const canTest = can(user, 'drug_test.record');
  const [testing, setTesting] = useState<WindowItem | null>(null);
  const [tested, setTested] = useState<string | null>(null);

  const items = useMemo(() => flaggedFirst((today.data?.items ?? []) as WindowItem[]), [today.data]);
  // What the loaded list cannot match (a full name, a phone number: stored encrypted, matched by the API) is asked of the API.
  const local = useMemo(() => narrowLocally(items, typed), [items, typed]);
  const query = useDebounced(typed.trim(), 250);
  const search = useQuery({
    queryKey: [...DOSING_TODAY_KEY, 'search', query],
    enabled: query.length > 0 && local.length === 0,
    queryFn: async () =>
      (await apiJson<{ items: WindowItem[] }>(`/dosing/today?${new URLSearchParams({ q: query, limit: '50' }).toString()}`)).items,
  });
  const shown = useMemo(
    () => (typed.trim() ? mergeMatches(local, query === typed.trim() && local.length === 0 ? search.data : undefined) : items),
    [items, local, typed, query, search.data],
  );
  const current = shown[Math.min(selected, shown.length - 1)];
  const clinicDay = today.data?.clinicDay ?? '';

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') setSelected((i) => Math.min(i + 1, shown.length - 1));
    else if (event.key === 'ArrowUp') setSelected((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter' && current && canRecord) setDosing(current);
    else return;
    event.preventDefault();
  }

  const label = (item: WindowItem) => (item.preferredName ? `${item.code} ${item.preferredName}` : item.code);
  const mg = (value: number) => t('orderMg', { mg: format.number(value, 1) });

  function todayCell(item: WindowItem) {
    const given = item.givenTodayMg ?? 0;
    const remaining = item.remainingTodayMg ?? 0;
    if (item.activeOrder?.splitDose && given > 0 && remaining > 0) {
      return (
        <Text size="sm" fw={500} data-testid="split-progress">
          {t('splitGiven', { given: mg(given), remaining: mg(remaining) })}
        </Text>
      );
    }
    if (!item.dosed) return <Text size="sm">{t('dosedNo')}</Text>;
    return (
      <Group gap={6}>
        <Badge color="teal.9" variant="filled" miw="max-content" leftSection="✓">
          {t('dosedYes')}
        </Badge>
        {item.coveredUntil && item.coveredUntil > clinicDay && (
          <Text size="sm" data-testid="covered-until">
            {t('coveredUntil', { day: format.date(item.coveredUntil) })}
          </Text>
        )}
      </Group>
    );
  }

  return (
    <>
      <Group justify="space-between" align="baseline" mb="md">
        <Title order={2}>{t('title')}</Title>
        {today.data && (
          <Text c="dimmed" data-testid="clinic-day">
            {t('clinicDay', { day: format.date(today.data.clinicDay) })} ·{' '}
            {t('summary', { dosed: items.filter((i) => i.dosed).length, total: items.length })}
          </Text>
        )}
      </Group>
      <Group align="flex-end" justify="space-between" mb="md" className="no-print">
        <TextInput
          label={t('find')}
          description={canRecord ? t('findHint') : t('findHintReadOnly')}
          name="find"
          autoFocus
          autoComplete="off"
          value={typed}
          onChange={(event) => {
            setTyped(event.currentTarget.value);
            setSelected(0);
          }}
          onKeyDown={onKeyDown}
          w={420}
          maw="100%"
          rightSection={search.isFetching ? <Loader size="xs" aria-label={t('common:state.loading')} /> : null}
        />
        <Group gap="xs">
          <Anchor component={Link} to="/dosing/day-sheet" size="sm">
            {t('daySheetLink')}
          </Anchor>
          <Button variant="default" size="xs" onClick={() => window.print()}>
            {t('print')}
          </Button>
        </Group>
      </Group>
      {!canRecord && (
        <Alert color="gray" mb="md" data-testid="read-only" className="no-print">
          {t('readOnly')}
        </Alert>
      )}
      <Done testId="recorded" mb="md" onClose={() => setRecorded(null)}>
        {recorded && t('recorded', { client: recorded })}
      </Done>
      <Done testId="drug-test-recorded" mb="md" onClose={() => setTested(null)}>
        {tested && t('drugTests:recorded', { client: tested })}
      </Done>
      <ErrorAlert error={today.error ?? (local.length === 0 ? search.error : null)} />
      {today.isPending && <Loader aria-label={t('common:state.loading')} />}
      {today.data && shown.length === 0 && !search.isFetching && <Text>{items.length === 0 ? t('noClients') : t('nothingFound')}</Text>}
      {shown.length === 0 && query !== '' && query === typed.trim() && search.data?.length === 0 && (
        <div className="no-print">
          <EmergencyByCode code={query} />
        </div>
      )}
      {shown.length > 0 && (
        <DataTable highlightOnHover data-testid="window-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('code')}</Table.Th>
              <Table.Th>{t('name')}</Table.Th>
              <Table.Th>{t('flag')}</Table.Th>
              <Table.Th>{t('missed')}</Table.Th>
              <Table.Th>{t('order')}</Table.Th>
              <Table.Th>{t('dosed')}</Table.Th>
              {canRecord && (
                <Table.Th className="no-print">
                  <VisuallyHidden>{t('record')}</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((item) => {
              const fullName = item.givenName !== undefined || item.familyName !== undefined ? format.name(item) : null;
              const done = item.dosed && !(item.activeOrder?.splitDose && (item.remainingTodayMg ?? 0) > 0);
              return (
                <Table.Tr
                  key={item.clientId}
                  data-testid={`row-${item.code}`}
                  data-selected={item === current || undefined}
                  data-dosed={done || undefined}
                  bg={item === current ? 'var(--mantine-color-teal-light)' : done ? 'var(--mantine-color-gray-1)' : undefined}
                >
                  <Table.Td ff="monospace">
                    {/* The client's record (orders, the doses of the last days and their corrections); a guest's is their home clinic's. */}
                    {item.guest ? (
                      <Group gap={6} wrap="nowrap">
                        {item.code}
                        <Badge variant="light" color="grape" ff="monospace" data-testid="guest-badge">
                          {t('guestBadge', { clinic: item.guest.homeClinicCode })}
                        </Badge>
                      </Group>
                    ) : (
                      <Anchor
                        component={Link}
                        to={`/clients/${item.clientId}?tab=dosing`}
                        ff="monospace"
                        // The row's own colour (a selected row is tinted teal): underlined, it still reads as a link.
                        c="inherit"
                        underline="always"
                        aria-label={t('openRecord', { client: label(item) })}
                        data-testid="open-record"
                      >
                        {item.code}
                      </Anchor>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {item.preferredName ?? fullName ?? '—'}
                    <DueBadge due={testsDue.get(item.clientId)} />
                    {fullName && item.preferredName && (
                      <Text size="xs" c="dimmed">
                        {fullName}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <FlagBadge flag={item.flag} />
                  </Table.Td>
                  <Table.Td>{format.number(item.consecutiveMissedDays)}</Table.Td>
                  <Table.Td>
                    {item.activeOrder ? mg(item.activeOrder.doseMg) : t('noOrder')}
                    {item.activeOrder?.splitDose ? ` · ${t('split')}` : ''}
                    {item.orderSuspended && (
                      <Badge color="red.9" variant="filled" ml={6} miw="max-content" data-testid="order-suspended">
                        {t('suspended')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{todayCell(item)}</Table.Td>
                  {canRecord && (
                    <Table.Td className="no-print">
                      <Button
                        size="xs"
                        variant={done ? 'subtle' : 'light'}
                        onClick={() => setDosing(item)}
                        aria-label={`${t('record')}: ${label(item)}`}
                      >
                        {t('record')}
                      </Button>
                      {canTest && !item.guest && (
                        <Button
                          size="xs"
                          ml={6}
                          variant={testsDue.has(item.clientId) ? 'filled' : 'subtle'}
                          color={testsDue.has(item.clientId) ? 'grape.9' : undefined}
                          onClick={() => setTesting(item)}
                          aria-label={t('drugTests:recordTestFor', { client: label(item) })}
                          data-testid="record-drug-test"
                        >
                          {t('drugTests:recordTest')}
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </DataTable>
      )}
      <Dialog
        opened={dosing !== null}
        onClose={() => setDosing(null)}
        title={dosing ? t('recordFor', { client: label(dosing) }) : ''}
        closeButtonProps={{ 'aria-label': t('common:action.close') }}
        size="lg"
      >
        {dosing && (
          <FreshDoseForm
            item={dosing}
            clinicDay={clinicDay}
            onRecorded={() => {
              setRecorded(label(dosing));
              setDosing(null);
              setTyped('');
            }}
          />
        )}
      </Dialog>
      <Dialog
        opened={testing !== null}
        onClose={() => setTesting(null)}
        title={testing ? t('drugTests:recordFor', { client: label(testing) }) : ''}
        closeButtonProps={{ 'aria-label': t('common:action.close') }}
        size="xl"
      >
        {testing && (
          <DrugTestForm
            clientId={testing.clientId}
            testId="window-drug-test-form"
            onRecorded={() => {
              setTested(label(testing));
              setTesting(null);
            }}
          />
        )}
      </Dialog>
    </>
  );
}

/** A row's mark when the client is due a random drug test today (chosen today, or overdue this month). */
function DueBadge({ due }: { due: DueItem | undefined }) {
  const { t } = useTranslation('drugTests');
  const format = useFormat();
  if (!due) return null;
  return (
    <Badge
      display="block"
      mt={4}
      color="grape.9"
      variant="filled"
      miw="max-content"
      w="fit-content"
      tt="none"
      data-testid="drug-test-due"
      data-reason={due.reason}
    >
      {due.reason === 'selected' ? t('due') : t('overdue', { day: format.date(due.selectedOn) })}
    </Badge>
  );
}

/** The dialog's form with the client's status as it is now (read when the dialog opens). */
function FreshDoseForm({ item, clinicDay, onRecorded }: { item: WindowItem; clinicDay: string; onRecorded: () => void }) {
  const { t } = useTranslation('dosing');
  const status = useQuery({
    queryKey: clientPartKey(item.clientId, 'dosing-status'),
    queryFn: () => ok(api.GET('/api/v1/clients/{id}/dosing-status', { params: { path: { id: item.clientId } } })),
    staleTime: 0,
  });
  if (status.error) return <ErrorAlert error={status.error} />;
  if (!status.data) return <Loader aria-label={t('common:state.loading')} />;
  const fresh = status.data as unknown as FreshStatus;
  return <DoseForm item={withFreshStatus(item, fresh)} clinicDay={fresh.clinicDay ?? clinicDay} onRecorded={onRecorded} />;
}
