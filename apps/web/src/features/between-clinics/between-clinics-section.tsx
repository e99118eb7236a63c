import { useState, type FormEvent } from 'react';
import { Badge, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { allPages } from '../../api/pages';
import { can, useUser } from '../../auth/session';
import { todayIso } from '../../i18n/clinic-time';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { ChoiceSelect } from '../../ui/choice-select';
import { DateField } from '../../ui/date-field';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { Done } from '../../ui/feedback';
import { Section } from '../clients/parts';
import { NS } from './messages';

type Arrangement = Schemas['GuestDosingDto'];

/** The client's guest dosing and transfer (api.md "Guest dosing and transfer"): each part for those who hold its route's permission. */
export function BetweenClinicsSection({ clientId }: { clientId: string }) {
  const user = useUser();
  const clinics = useQuery({
    queryKey: ['between-clinics', 'clinics'],
    queryFn: () => allPages((cursor) => ok(api.GET('/api/v1/guest-dosing/clinics', { params: { query: { limit: 200, cursor } } }))),
    enabled: can(user, 'guest_dosing.arrange'),
  });
  const others = clinics.data ?? [];
  return (
    <Stack gap="xl">
      {can(user, 'guest_dosing.arrange') && <GuestDosing clientId={clientId} clinics={others} />}
      {can(user, 'transfer.propose') && <Transfer clientId={clientId} clinics={others} />}
    </Stack>
  );
}

function GuestDosing({ clientId, clinics }: { clientId: string; clinics: Schemas['OtherClinicDto'][] }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const today = todayIso(useClinicTimeZone());
  const queryClient = useQueryClient();
  const [hostClinicId, setHost] = useState('');
  const [from, setFrom] = useState<string | null>(today);
  const [until, setUntil] = useState<string | null>(null);
  const [agreed, setAgreed] = useState(false);
  const [done, setDone] = useState('');
  const listKey = ['between-clinics', 'outgoing', clientId];
  const arrangements = useQuery({
    queryKey: listKey,
    queryFn: async () =>
      (
        await allPages((cursor) =>
          ok(api.GET('/api/v1/guest-dosing', { params: { query: { direction: 'outgoing', limit: 200, cursor } } })),
        )
      ).filter((arrangement) => arrangement.clientId === clientId),
  });
  const arrange = useIdempotentCreate(
    (body: Schemas['CreateGuestDosingDto'], header) =>
      api.POST('/api/v1/clients/{id}/guest-dosing', { params: { path: { id: clientId }, header }, body }),
    {
      onSuccess: async (made) => {
        setDone(t('arranged', { clinic: made.hostClinicCode, from: format.date(made.from), until: format.date(made.until) }));
        setAgreed(false);
        await queryClient.invalidateQueries({ queryKey: listKey });
      },
    },
  );
  const end = useMutation({
    mutationFn: (arrangement: Arrangement) => ok(api.POST('/api/v1/guest-dosing/{id}/end', { params: { path: { id: arrangement.id } } })),
    onSuccess: async (ended) => {
      setDone(t('ended', { clinic: ended.hostClinicCode }));
      await queryClient.invalidateQueries({ queryKey: listKey });
    },
  });
  const fieldError = useFieldErrors(arrange.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone('');
    arrange.mutate({ hostClinicId, from: from ?? '', until: until ?? '', clientAgreed: agreed as true });
  }

  return (
    <Paper withBorder p="md">
      <Section title={t('guestTitle')} testId="guest-dosing">
        <Text size="sm">{t('guestText')}</Text>
        <form noValidate onSubmit={submit}>
          <Stack gap="sm">
            <ErrorAlert error={arrange.error ?? end.error} />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <ChoiceSelect
                label={t('clinic')}
                name="hostClinicId"
                required
                value={hostClinicId}
                onChange={setHost}
                error={fieldError('hostClinicId')}
                placeholder={t('chooseClinic')}
                choices={clinics.map((clinic) => ({ value: clinic.id, label: `${clinic.code} · ${clinic.name}` }))}
                testId="guest-host"
              />
              <DateField
                label={t('from')}
                name="from"
                required
                value={from}
                onChange={setFrom}
                minDate={today}
                error={fieldError('from')}
                testId="guest-from"
              />
              <DateField
                label={t('until')}
                name="until"
                required
                value={until}
                onChange={setUntil}
                minDate={from ?? today}
                error={fieldError('until')}
                testId="guest-until"
              />
            </SimpleGrid>
            <Checkbox
              label={t('agreed')}
              checked={agreed}
              onChange={(event) => setAgreed(event.currentTarget.checked)}
              error={fieldError('clientAgreed')}
              data-testid="guest-agreed"
            />
            <Group>
              <Button type="submit" size="md" loading={arrange.isPending} data-testid="guest-arrange">
                {t('arrange')}
              </Button>
            </Group>
            <Done testId="guest-done">{done}</Done>
          </Stack>
        </form>
        <Text fw={600}>{t('arrangements')}</Text>
        {arrangements.isSuccess && arrangements.data.length === 0 && <Text size="sm">{t('none')}</Text>}
        {(arrangements.data?.length ?? 0) > 0 && (
          <Table data-testid="guest-arrangements">
            <Table.Tbody>
              {arrangements.data?.map((arrangement) => (
                <Table.Tr key={arrangement.id}>
                  <Table.Td ff="monospace">{arrangement.hostClinicCode}</Table.Td>
                  <Table.Td>{t('days', { from: format.date(arrangement.from), until: format.date(arrangement.until) })}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={arrangement.status === 'in_force' ? 'teal' : 'gray'}>
                      {t(`status.${arrangement.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {(arrangement.status === 'in_force' || arrangement.status === 'upcoming') && (
                      <Button
                        size="sm"
                        variant="default"
                        aria-label={t('endNamed', { clinic: arrangement.hostClinicCode })}
                        loading={end.isPending && end.variables.id === arrangement.id}
                        onClick={() => end.mutate(arrangement)}
                        data-testid="guest-end"
                      >
                        {t('end')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
    </Paper>
  );
}

function Transfer({ clientId, clinics }: { clientId: string; clinics: Schemas['OtherClinicDto'][] }) {
  const { t } = useTranslation(NS);
  const today = todayIso(useClinicTimeZone());
  const [toClinicId, setTo] = useState('');
  const [date, setDate] = useState<string | null>(today);
  const [agreed, setAgreed] = useState(false);
  const [done, setDone] = useState('');
  const propose = useIdempotentCreate(
    (body: Schemas['ProposeTransferDto'], header) =>
      api.POST('/api/v1/clients/{id}/transfers', { params: { path: { id: clientId }, header }, body }),
    { onSuccess: (transfer) => setDone(t('proposed', { clinic: transfer.toClinicCode })) },
  );
  const fieldError = useFieldErrors(propose.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone('');
    propose.mutate({ toClinicId, date: date ?? '', clientAgreed: agreed as true });
  }

  return (
    <Paper withBorder p="md">
      <Section title={t('transferTitle')} testId="transfer">
        <Text size="sm">{t('transferText')}</Text>
        <form noValidate onSubmit={submit}>
          <Stack gap="sm">
            <ErrorAlert error={propose.error} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <ChoiceSelect
                label={t('clinic')}
                name="toClinicId"
                required
                value={toClinicId}
                onChange={setTo}
                error={fieldError('toClinicId')}
                placeholder={t('chooseClinic')}
                choices={clinics.map((clinic) => ({ value: clinic.id, label: `${clinic.code} · ${clinic.name}` }))}
                testId="transfer-clinic"
              />
              <DateField
                label={t('transferDate')}
                name="date"
                required
                value={date}
                onChange={setDate}
                error={fieldError('date')}
                testId="transfer-date"
              />
            </SimpleGrid>
            <Checkbox
              label={t('transferAgreed')}
              checked={agreed}
              onChange={(event) => setAgreed(event.currentTarget.checked)}
              error={fieldError('clientAgreed')}
              data-testid="transfer-agreed"
            />
            <Group>
              <Button type="submit" size="md" loading={propose.isPending} data-testid="transfer-propose">
                {t('propose')}
              </Button>
            </Group>
            <Done testId="transfer-done">{done}</Done>
          </Stack>
        </form>
      </Section>
    </Paper>
  );
}
