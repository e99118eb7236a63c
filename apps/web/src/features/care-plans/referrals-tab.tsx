import { useState, type FormEvent } from 'react';
import { Alert, Badge, Checkbox, Group, Paper, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { can, useUser } from '../../auth/session';
import { todayIso } from '../../i18n/clinic-time';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { ChoiceSelect } from '../../ui/choice-select';
import { DateField } from '../../ui/date-field';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { FormFooter } from '../../ui/form-footer';
import { useLengthLimit } from '../../ui/length-limit';
import { LoadMore } from '../../ui/load-more';
import { clientPartKey, optional, type AnyClient } from '../clients/client-data';
import { Listed, Section } from '../clients/parts';
import './messages';

type Referral = Schemas['ReferralDto'];
type Service = Referral['service'];
type ReferralStatus = Referral['status'];

const SERVICES: Service[] = [
  'hiv',
  'hepatitis_c',
  'tuberculosis',
  'mental_health',
  'employment',
  'social_assistance',
  'housing',
  'legal_aid',
  'other',
];
/** Where a referral may go from each status (the API refuses other moves: INVALID_TRANSITION). */
const NEXT: Record<ReferralStatus, ReferralStatus[]> = {
  made: ['made', 'attended', 'not_attended', 'closed'],
  attended: ['attended', 'not_attended', 'closed'],
  not_attended: ['not_attended', 'attended', 'closed'],
  closed: ['closed'],
};

const referralsKey = (clientId: string) => clientPartKey(clientId, 'referrals');

/** The client's referrals to outside services; the care-team counselor and physicians make and update them. */
export function ReferralsTab({ client }: { client: AnyClient }) {
  const { t } = useTranslation('carePlans');
  const user = useUser();
  const writes = can(user, 'referral.write');
  const referrals = useInfiniteQuery({
    queryKey: referralsKey(client.id),
    queryFn: ({ pageParam }) =>
      ok(api.GET('/api/v1/clients/{id}/referrals', { params: { path: { id: client.id }, query: { cursor: pageParam ?? undefined } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = referrals.data?.pages.flatMap((page) => page.items);
  const consent = referrals.data?.pages[0]?.referralConsentInForce;

  return (
    <Stack gap="xl">
      {writes && consent !== undefined && <ReferralForm clientId={client.id} consentInForce={consent} />}
      <Section title={t('referrals.title')} testId="referrals">
        <Listed items={items} error={referrals.error} empty={t('referrals.empty')}>
          {(list) => (
            <Stack gap="sm">
              {list.map((referral) => (
                <ReferralCard key={referral.id} clientId={client.id} referral={referral} writes={writes} />
              ))}
              <LoadMore pages={referrals} />
            </Stack>
          )}
        </Listed>
      </Section>
    </Stack>
  );
}

function ReferralForm({ clientId, consentInForce }: { clientId: string; consentInForce: boolean }) {
  const { t } = useTranslation('carePlans');
  const queryClient = useQueryClient();
  const timeZone = useClinicTimeZone();
  const empty = () => ({ service: 'hiv' as Service, organisation: '', date: todayIso(timeZone), shares: false, note: '' });
  const [form, setForm] = useState(empty);
  const save = useIdempotentCreate(
    (body: Schemas['CreateReferralDto'], header) =>
      api.POST('/api/v1/clients/{id}/referrals', { params: { path: { id: clientId }, header }, body }),
    {
      onSuccess: async () => {
        setForm(empty());
        await queryClient.invalidateQueries({ queryKey: referralsKey(clientId) });
      },
    },
  );
  const fieldError = useFieldErrors(save.error);
  const limit = useLengthLimit();
  const blocked = form.shares && !consentInForce;

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      service: form.service,
      organisation: form.organisation.trim(),
      date: form.date,
      sharesPersonalData: form.shares,
      note: optional(form.note),
    });
  }

  return (
    <Paper withBorder p="md">
      <Section title={t('referrals.formTitle')} testId="referral-form">
        <form noValidate onSubmit={submit}>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <ChoiceSelect
                label={t('referrals.service')}
                name="service"
                value={form.service}
                onChange={(service) => setForm({ ...form, service })}
                error={fieldError('service')}
                choices={SERVICES.map((service) => ({ value: service, label: t(`service.${service}`) }))}
                testId="referral-service-input"
              />
              <TextInput
                label={t('referrals.organisation')}
                name="organisation"
                required
                {...limit(form.organisation, 200, { error: fieldError('organisation') })}
                value={form.organisation}
                onChange={(event) => setForm({ ...form, organisation: event.currentTarget.value })}
                data-testid="referral-organisation-input"
              />
              <DateField
                label={t('referrals.date')}
                name="date"
                required
                value={form.date || null}
                onChange={(date) => setForm({ ...form, date: date ?? '' })}
                error={fieldError('date')}
                testId="referral-date-input"
              />
            </SimpleGrid>
            <Checkbox
              label={t('referrals.shares')}
              checked={form.shares}
              onChange={(event) => setForm({ ...form, shares: event.currentTarget.checked })}
              data-testid="referral-shares-input"
            />
            {form.shares && (
              <Alert
                color={consentInForce ? 'teal' : 'orange'}
                role="status"
                data-testid={consentInForce ? 'referral-consent-ok' : 'referral-consent-needed'}
              >
                {consentInForce ? t('referrals.consentInForce') : t('referrals.consentNeeded')}
              </Alert>
            )}
            <Textarea
              label={`${t('referrals.note')} (${t('referrals.noteHint')})`}
              name="note"
              autosize
              minRows={2}
              {...limit(form.note, 5000, { error: fieldError('note') })}
              value={form.note}
              onChange={(event) => setForm({ ...form, note: event.currentTarget.value })}
              data-testid="referral-note-input"
            />
            <FormFooter
              submit={t('referrals.submit')}
              pending={save.isPending}
              disabled={blocked}
              error={save.error}
              done={save.isSuccess && t('referrals.saved')}
              testId="referral-submit"
            />
          </Stack>
        </form>
      </Section>
    </Paper>
  );
}

function ReferralCard({ clientId, referral, writes }: { clientId: string; referral: Referral; writes: boolean }) {
  const { t } = useTranslation('carePlans');
  const format = useFormat();
  const queryClient = useQueryClient();
  const timeZone = useClinicTimeZone();
  const [form, setForm] = useState({ status: referral.status, outcome: referral.outcome ?? '', attendedOn: referral.attendedOn ?? '' });
  const save = useMutation({
    mutationFn: () =>
      ok(
        api.PATCH('/api/v1/clients/{id}/referrals/{rid}', {
          params: { path: { id: clientId, rid: referral.id } },
          body: {
            status: form.status,
            outcome: optional(form.outcome) ?? null,
            attendedOn: form.status === 'attended' ? optional(form.attendedOn) || todayIso(timeZone) : null,
          },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: referralsKey(clientId) }),
  });
  const fieldError = useFieldErrors(save.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <Paper withBorder p="sm" component="article" data-testid="referral">
      <Stack gap={6}>
        <Group gap="sm">
          <Text fw={600}>{format.date(referral.date)}</Text>
          <Text fw={600} data-testid="referral-service">
            {t(`service.${referral.service}`)}
          </Text>
          <Badge variant="outline" color="dark" data-testid="referral-status">
            {t(`referralStatus.${referral.status}`)}
          </Badge>
          {referral.sharesPersonalData && (
            <Badge variant="outline" color="orange">
              {t('referrals.sharesData')}
            </Badge>
          )}
        </Group>
        <Text size="sm" data-testid="referral-organisation">
          {referral.organisation}
        </Text>
        {referral.followUpDue && <Text size="sm">{t('referrals.followUpDue', { date: format.date(referral.followUpDue) })}</Text>}
        {referral.attendedOn && <Text size="sm">{t('referrals.attendedOn', { date: format.date(referral.attendedOn) })}</Text>}
        {referral.outcome && (
          <Text size="sm" data-testid="referral-outcome">
            {t('referrals.outcome')}: {referral.outcome}
          </Text>
        )}
        {referral.note && (
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
            {referral.note}
          </Text>
        )}
        {writes && referral.status !== 'closed' && (
          <form noValidate onSubmit={submit} aria-label={t('referrals.update')}>
            <Group gap="sm" align="flex-end">
              <ChoiceSelect
                label={t('referrals.statusLabel')}
                value={form.status}
                onChange={(status) => setForm({ ...form, status })}
                error={fieldError('status')}
                choices={NEXT[referral.status].map((status) => ({ value: status, label: t(`referralStatus.${status}`) }))}
                testId="referral-status-input"
              />
              {form.status === 'attended' && (
                <DateField
                  label={t('referrals.attendedOnLabel')}
                  name="attendedOn"
                  value={form.attendedOn || null}
                  onChange={(date) => setForm({ ...form, attendedOn: date ?? '' })}
                  error={fieldError('attendedOn')}
                  testId="referral-attended-input"
                />
              )}
              <TextInput
                label={t('referrals.outcome')}
                value={form.outcome}
                onChange={(event) => setForm({ ...form, outcome: event.currentTarget.value })}
                error={fieldError('outcome')}
                data-testid="referral-outcome-input"
              />
              <FormFooter submit={t('referrals.update')} pending={save.isPending} testId="referral-update" />
            </Group>
            <ErrorAlert error={save.error} />
          </form>
        )}
      </Stack>
    </Paper>
  );
}
