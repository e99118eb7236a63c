import { useMemo, useState, type KeyboardEvent } from 'react';
import { Alert, Button, Group, Loader, Modal, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DOSING_TODAY_KEY, loadDosingToday } from '../../api/dosing-today';
import { useFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { FlagBadge } from '../../ui/flag-badge';
import { DoseForm } from './dose-form';
import { findClients, type WindowItem } from './find-client';
import './messages';

/** The nurse's screen: today's list with flags, find a client, record a dose; keyboard first. */
export default function DosingWindowPage() {
  const { t } = useTranslation('dosing');
  const format = useFormat();
  const today = useQuery({ queryKey: DOSING_TODAY_KEY, queryFn: loadDosingToday, refetchInterval: 60_000 });
  const [typed, setTyped] = useState('');
  const [selected, setSelected] = useState(0);
  const [dosing, setDosing] = useState<WindowItem | null>(null);
  const [recorded, setRecorded] = useState<string | null>(null);

  const items = useMemo(() => today.data?.items ?? [], [today.data]);
  const shown = useMemo(() => findClients(items, typed), [items, typed]);
  const current = shown[Math.min(selected, shown.length - 1)];

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') setSelected((i) => Math.min(i + 1, shown.length - 1));
    else if (event.key === 'ArrowUp') setSelected((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter' && current) setDosing(current);
    else return;
    event.preventDefault();
  }

  const label = (item: WindowItem) => (item.preferredName ? `${item.code} ${item.preferredName}` : item.code);

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
      <TextInput
        label={t('find')}
        description={t('findHint')}
        name="find"
        autoFocus
        autoComplete="off"
        value={typed}
        onChange={(event) => {
          setTyped(event.currentTarget.value);
          setSelected(0);
        }}
        onKeyDown={onKeyDown}
        mb="md"
        maw={420}
      />
      {recorded && (
        <Alert color="teal" role="status" mb="md" withCloseButton onClose={() => setRecorded(null)} data-testid="recorded">
          {t('recorded', { client: recorded })}
        </Alert>
      )}
      <ErrorAlert error={today.error} />
      {today.isPending && <Loader aria-label={t('common:state.loading')} />}
      {today.data && shown.length === 0 && <Text>{items.length === 0 ? t('noClients') : t('nothingFound')}</Text>}
      {shown.length > 0 && (
        <Table highlightOnHover data-testid="window-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('code')}</Table.Th>
              <Table.Th>{t('name')}</Table.Th>
              <Table.Th>{t('flag')}</Table.Th>
              <Table.Th>{t('missed')}</Table.Th>
              <Table.Th>{t('order')}</Table.Th>
              <Table.Th>{t('dosed')}</Table.Th>
              <Table.Th>
                <span className="mantine-visually-hidden">{t('record')}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((item) => (
              <Table.Tr
                key={item.clientId}
                data-testid={`row-${item.code}`}
                data-selected={item === current || undefined}
                bg={item === current ? 'var(--mantine-color-teal-light)' : undefined}
              >
                <Table.Td ff="monospace">{item.code}</Table.Td>
                <Table.Td>{item.preferredName ?? '—'}</Table.Td>
                <Table.Td>
                  <FlagBadge flag={item.flag} />
                </Table.Td>
                <Table.Td>{format.number(item.consecutiveMissedDays)}</Table.Td>
                <Table.Td>
                  {item.activeOrder ? t('orderMg', { mg: format.number(item.activeOrder.doseMg, 1) }) : t('noOrder')}
                  {item.activeOrder?.splitDose ? ` · ${t('split')}` : ''}
                </Table.Td>
                <Table.Td>{item.dosed ? t('dosedYes') : t('dosedNo')}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="light" onClick={() => setDosing(item)} aria-label={`${t('record')}: ${label(item)}`}>
                    {t('record')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal
        opened={dosing !== null}
        onClose={() => setDosing(null)}
        title={dosing ? t('recordFor', { client: label(dosing) }) : ''}
        closeButtonProps={{ 'aria-label': t('common:action.close') }}
        size="md"
      >
        {dosing && (
          <DoseForm
            item={dosing}
            onRecorded={() => {
              setRecorded(label(dosing));
              setDosing(null);
              setTyped('');
            }}
          />
        )}
      </Modal>
    </>
  );
}
