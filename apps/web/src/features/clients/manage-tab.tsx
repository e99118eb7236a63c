import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { allPages } from '../../api/pages';
import { can, useUser } from '../../auth/session';
import { todayIso, wallClockToInstant } from '../../i18n/clinic-time';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { ChoiceSelect } from '../../ui/choice-select';
import { DateField } from '../../ui/date-field';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { Done } from '../../ui/feedback';
import { FormFooter } from '../../ui/form-footer';
import { clientKey, optional, type AnyClient } from './client-data';
import { CareTeamTable, useCareTeam } from './care-team-table';
import { BetweenClinicsSection } from '../between-clinics/between-clinics-section';
import { Section } from './parts';
import './messages';
import './manage-messages';
import { DateTimeField } from '../../ui/time-field';

type TeamRole = Schemas['AddCareTeamMemberDto']['role'];
const TEAM_ROLES: TeamRole[] = ['counselor', 'physician', 'peer_leader'];
type DischargeReason = Schemas['DischargeClientDto']['reason'];
const DISCHARGE_REASONS: DischargeReason[] = ['completed', 'transferred', 'deceased', 'other'];

/** What may be changed on the record: each part shown to those who hold its route's permission; the API decides the record. */
export const manage = {
  careTeam: (user: Parameters<typeof can>[0]) => can(user, 'care_team.manage'),
  episodes: (user: Parameters<typeof can>[0]) => can(user, 'episode.manage'),
  identity: (user: Parameters<typeof can>[0]) => can(user, 'client.update'),
  reminder: (user: Parameters<typeof can>[0]) => can(user, 'reminder.create'),
  /** Guest dosing at another clinic, a transfer (the home clinic's coordinator; a physician arranges guest dosing). */
  betweenClinics: (user: Parameters<typeof can>[0]) => can(user, 'guest_dosing.arrange') || can(user, 'transfer.propose'),
};

/** Care team, identity and a manual appointment reminder (discharge and readmission sit with the episodes, on the overview). */
export function ManageTab({ client }: { client: AnyClient }) {
  const user = useUser();
  return (
    <Stack gap="xl">
      {manage.careTeam(user) && <CareTeamManager clientId={client.id} />}
      {manage.identity(user) && client.givenName !== undefined && <IdentityForm client={client} />}
      {manage.reminder(user) && <ReminderForm clientId={client.id} />}
      {manage.betweenClinics(user) && client.status === 'active' && <BetweenClinicsSection clientId={client.id} />}
    </Stack>
  );
}

function useClientChanged(clientId: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: clientKey(clientId) });
    await queryClient.invalidateQueries({ queryKey: ['clients', 'caseload'] });
    // The dashboard's lists of clients (those with no counselor, the drop-outs).
    await queryClient.invalidateQueries({ queryKey: ['coordinator', 'clients'] });
  };
}

function CareTeamManager({ clientId }: { clientId: string }) {
  const { t } = useTranslation('clients');
  const changed = useClientChanged(clientId);
  const [role, setRole] = useState<TeamRole>('counselor');
  const [staffId, setStaffId] = useState('');
  const [removing, setRemoving] = useState<Schemas['CareTeamMemberDto'] | null>(null);
  const [done, setDone] = useState('');
  const team = useCareTeam(clientId);
  const staff = useQuery({
    queryKey: ['staff', 'by-role', role],
    queryFn: () => allPages((cursor) => ok(api.GET('/api/v1/staff', { params: { query: { role, limit: 200, cursor } } }))),
  });
  const add = useMutation({
    mutationFn: () => ok(api.POST('/api/v1/clients/{id}/care-team', { params: { path: { id: clientId } }, body: { staffId, role } })),
    onSuccess: async (member) => {
      setStaffId('');
      setDone(t('manage.careTeamAdded', { name: member.displayName }));
      await changed();
    },
  });
  const remove = useMutation({
    mutationFn: (member: Schemas['CareTeamMemberDto']) =>
      ok(api.DELETE('/api/v1/clients/{id}/care-team/{staffId}', { params: { path: { id: clientId, staffId: member.staffId } } })),
    onSuccess: async (_, member) => {
      setRemoving(null);
      setDone(t('manage.careTeamRemoved', { name: member.displayName }));
      await changed();
    },
  });
  const fieldError = useFieldErrors(add.error);
  const onTeam = new Set((team.data ?? []).map((member) => member.staffId));
  const candidates = (staff.data ?? []).filter((member) => member.active && !onTeam.has(member.id));

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone('');
    add.mutate();
  }

  return (
    <Paper withBorder p="md">
      <Section title={t('manage.careTeamTitle')} testId="care-team-manager">
        <CareTeamTable
          clientId={clientId}
          rowAttributes={(member) => ({ 'data-testid': 'team-member', 'data-staff-id': member.staffId })}
          last={{
            header: t('manage.actions'),
            cell: (member) => (
              <Button
                size="xs"
                variant="outline"
                color="red.9"
                onClick={() => {
                  remove.reset();
                  setRemoving(member);
                }}
                aria-label={t('manage.removeNamed', { name: member.displayName })}
                data-testid="team-remove"
              >
                {t('manage.remove')}
              </Button>
            ),
          }}
        />
        <form noValidate onSubmit={submit}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <ChoiceSelect
                label={t('manage.teamRole')}
                name="role"
                value={role}
                onChange={(value) => {
                  setRole(value);
                  setStaffId('');
                }}
                error={fieldError('role')}
                choices={TEAM_ROLES.map((value) => ({ value, label: t(`common:role.${value}`) }))}
                testId="team-role"
              />
              <ChoiceSelect
                label={t('manage.teamStaff')}
                description={staff.data && candidates.length === 0 ? t('manage.noCandidates') : undefined}
                name="staffId"
                required
                value={staffId}
                onChange={setStaffId}
                error={fieldError('staffId')}
                placeholder={t('choose')}
                choices={candidates.map((member) => ({ value: member.id, label: `${member.displayName} (${member.username})` }))}
                testId="team-staff"
              />
            </SimpleGrid>
            <ErrorAlert error={staff.error} />
            <FormFooter
              submit={t('manage.addToTeam')}
              pending={add.isPending}
              error={add.error}
              done={done}
              disabled={!staffId}
              testId="team-add"
            />
          </Stack>
        </form>
      </Section>
      <Modal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={t('manage.removeTitle')}
        closeButtonProps={{ 'aria-label': t('common:action.close') }}
      >
        <Stack>
          <Text>{removing && t('manage.removeConfirmText', { name: removing.displayName, role: t(`common:role.${removing.role}`) })}</Text>
          <ErrorAlert error={remove.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)}>
              {t('common:action.cancel')}
            </Button>
            <Button
              color="red.9"
              loading={remove.isPending}
              onClick={() => removing && remove.mutate(removing)}
              data-testid="team-remove-confirm"
            >
              {t('manage.remove')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

/** Discharge while in treatment (confirmed first); readmission, a new episode, otherwise. */
export function EpisodeActions({ client }: { client: AnyClient }) {
  const { t } = useTranslation('clients');
  const timeZone = useClinicTimeZone();
  const format = useFormat();
  const changed = useClientChanged(client.id);
  const today = todayIso(timeZone);
  const [date, setDate] = useState<string | null>(today);
  const [reason, setReason] = useState<DischargeReason | ''>('');
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState('');
  const discharge = useMutation({
    mutationFn: (body: Schemas['DischargeClientDto']) =>
      ok(api.POST('/api/v1/clients/{id}/discharge', { params: { path: { id: client.id } }, body })),
    onSuccess: async (episode) => {
      setConfirming(false);
      // The readmission form comes next: it starts from today, after the day just ended.
      setDate(today);
      setReason('');
      setDone(t('manage.discharged', { date: format.date(episode.endDate ?? '') }));
      await changed();
    },
    onError: () => setConfirming(false),
  });
  const readmit = useMutation({
    mutationFn: (body: Schemas['ReadmitClientDto']) =>
      ok(api.POST('/api/v1/clients/{id}/readmit', { params: { path: { id: client.id } }, body })),
    onSuccess: async (episode) => {
      setDate(today);
      setDone(t('manage.readmitted', { date: format.date(episode.startDate) }));
      await changed();
    },
  });
  const dischargeError = useFieldErrors(discharge.error);
  const readmitError = useFieldErrors(readmit.error);
  const active = client.status === 'active';

  if (client.status === undefined || client.status === 'deceased' || client.status === 'transferred') {
    return done ? <Done testId="episode-done">{done}</Done> : null;
  }

  if (active) {
    return (
      <Paper withBorder p="md">
        <Section title={t('manage.dischargeTitle')} testId="discharge-form">
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              discharge.reset();
              setConfirming(true);
            }}
          >
            <Stack gap="sm">
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <DateField
                  label={t('manage.dischargeDate')}
                  name="date"
                  required
                  value={date}
                  onChange={setDate}
                  maxDate={today}
                  error={dischargeError('date')}
                  testId="discharge-date"
                />
                <ChoiceSelect
                  label={t('manage.dischargeReason')}
                  name="reason"
                  required
                  value={reason}
                  onChange={setReason}
                  error={dischargeError('reason')}
                  placeholder={t('choose')}
                  choices={DISCHARGE_REASONS.map((value) => ({ value, label: t(`endReason.${value}`) }))}
                  testId="discharge-reason"
                />
              </SimpleGrid>
              <FormFooter
                submit={t('manage.discharge')}
                pending={false}
                error={discharge.error}
                done={done}
                disabled={!date || !reason}
                testId="discharge-submit"
              />
            </Stack>
          </form>
        </Section>
        <Modal
          opened={confirming}
          onClose={() => setConfirming(false)}
          title={t('manage.dischargeTitle')}
          closeButtonProps={{ 'aria-label': t('common:action.close') }}
        >
          <Stack>
            <Text>
              {t('manage.dischargeConfirmText', {
                code: client.code,
                date: date ? format.date(date) : '',
                reason: reason ? t(`endReason.${reason}`) : '',
              })}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                {t('common:action.cancel')}
              </Button>
              <Button
                color="red.9"
                loading={discharge.isPending}
                onClick={() => date && reason && discharge.mutate({ date, reason })}
                data-testid="discharge-confirm"
              >
                {t('manage.discharge')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      </Paper>
    );
  }

  return (
    <Paper withBorder p="md">
      <Section title={t('manage.readmitTitle')} testId="readmit-form">
        <Text size="sm">{t('manage.readmitText')}</Text>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (date) readmit.mutate({ date });
          }}
        >
          <Stack gap="sm">
            <DateField
              label={t('manage.readmitDate')}
              name="date"
              required
              value={date}
              onChange={setDate}
              maxDate={today}
              error={readmitError('date')}
              testId="readmit-date"
            />
            <FormFooter
              submit={t('manage.readmit')}
              pending={readmit.isPending}
              error={readmit.error}
              done={done}
              disabled={!date}
              testId="readmit-submit"
            />
          </Stack>
        </form>
      </Section>
    </Paper>
  );
}

type IdentityFields = {
  familyName: string;
  givenName: string;
  preferredName: string;
  dateOfBirth: string;
  sex: string;
  phone: string;
  email: string;
  nationalId: string;
  preferredLanguage: string;
};

function identityOf(client: AnyClient): IdentityFields {
  return {
    familyName: client.familyName ?? '',
    givenName: client.givenName ?? '',
    preferredName: client.preferredName ?? '',
    dateOfBirth: client.dateOfBirth ?? '',
    sex: client.sex ?? '',
    phone: client.phone ?? '',
    email: client.email ?? '',
    nationalId: client.nationalId ?? '',
    preferredLanguage: client.preferredLanguage ?? 'zh-CN',
  };
}

/** The identity as the record holds it; only the fields changed are sent (an emptied optional field is cleared). */
function IdentityForm({ client }: { client: AnyClient }) {
  const { t } = useTranslation('clients');
  const queryClient = useQueryClient();
  const [form, setForm] = useState<IdentityFields>(() => identityOf(client));
  const [saved, setSaved] = useState(false);
  const set = (field: keyof IdentityFields) => (value: string) => {
    setSaved(false);
    setForm((current) => ({ ...current, [field]: value }));
  };
  const original = identityOf(client);
  const update = useMutation({
    mutationFn: (body: Schemas['UpdateClientDto']) => ok(api.PATCH('/api/v1/clients/{id}', { params: { path: { id: client.id } }, body })),
    onSuccess: async (updated) => {
      queryClient.setQueryData(clientKey(client.id), updated);
      setForm(identityOf(updated));
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: ['clients', 'caseload'] });
    },
  });
  const fieldError = useFieldErrors(update.error);
  const duplicate = update.error !== null && (update.error as { code?: string }).code === 'DUPLICATE_CLIENT';
  const errorOf = (field: keyof IdentityFields) => (field === 'nationalId' && duplicate ? t('common:error.field') : fieldError(field));

  function submit(event: FormEvent) {
    event.preventDefault();
    const body: Record<string, string | null> = {};
    for (const field of Object.keys(form) as (keyof IdentityFields)[]) {
      if (form[field].trim() === original[field]) continue;
      const nullable = ['preferredName', 'phone', 'email', 'nationalId'].includes(field);
      body[field] = nullable ? (optional(form[field]) ?? null) : form[field].trim();
    }
    if (Object.keys(body).length === 0) {
      setSaved(true);
      return;
    }
    update.mutate(body);
  }

  const input = (field: keyof IdentityFields, props: { type?: string; required?: boolean } = {}) => (
    <TextInput
      label={t(`field.${field}`)}
      name={field}
      data-testid={`identity-${field}`}
      value={form[field]}
      onChange={(event) => set(field)(event.currentTarget.value)}
      error={errorOf(field)}
      autoComplete="off"
      {...props}
    />
  );

  return (
    <Paper withBorder p="md">
      <Section title={t('manage.identityTitle')} testId="identity-form">
        <form noValidate onSubmit={submit}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {input('familyName', { required: true })}
              {input('givenName', { required: true })}
              {input('preferredName')}
              <DateField
                label={t('field.dateOfBirth')}
                name="dateOfBirth"
                required
                value={form.dateOfBirth || null}
                onChange={(value) => set('dateOfBirth')(value ?? '')}
                error={errorOf('dateOfBirth')}
                testId="identity-dateOfBirth"
              />
              <NativeSelect
                label={t('field.sex')}
                name="sex"
                value={form.sex}
                onChange={(event) => set('sex')(event.currentTarget.value)}
                error={errorOf('sex')}
                data={(['female', 'male', 'other', 'unknown'] as const).map((sex) => ({ value: sex, label: t(`common:sex.${sex}`) }))}
                data-testid="identity-sex"
              />
              {input('phone', { type: 'tel' })}
              {input('email', { type: 'email' })}
              {input('nationalId')}
              <NativeSelect
                label={t('field.preferredLanguage')}
                name="preferredLanguage"
                value={form.preferredLanguage}
                onChange={(event) => set('preferredLanguage')(event.currentTarget.value)}
                error={errorOf('preferredLanguage')}
                data={(['zh-CN', 'en'] as const).map((language) => ({ value: language, label: t(`language.${language}`) }))}
                data-testid="identity-preferredLanguage"
              />
            </SimpleGrid>
            <FormFooter
              submit={t('manage.saveIdentity')}
              pending={update.isPending}
              error={update.error}
              done={saved ? t('manage.identitySaved') : ''}
              testId="identity-submit"
            />
          </Stack>
        </form>
      </Section>
    </Paper>
  );
}

/** A one-off appointment reminder to the client, typed on the clinic's clock. */
function ReminderForm({ clientId }: { clientId: string }) {
  const { t } = useTranslation('clients');
  const timeZone = useClinicTimeZone();
  const format = useFormat();
  const queryClient = useQueryClient();
  const empty = { channel: 'sms' as 'sms' | 'email', sendAt: '', appointmentAt: '', note: '' };
  const [form, setForm] = useState(empty);
  const [done, setDone] = useState('');
  const save = useIdempotentCreate(
    (body: Schemas['CreateReminderDto'], header) => api.POST('/api/v1/reminders', { params: { header }, body }),
    {
      onSuccess: async (reminder) => {
        setForm(empty);
        setDone(t('manage.reminderScheduled', { time: format.dateTime(reminder.scheduledFor) }));
        await queryClient.invalidateQueries({ queryKey: ['coordinator', 'reminders'] });
      },
    },
  );
  const fieldError = useFieldErrors(save.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone('');
    save.mutate({
      clientId,
      kind: 'appointment',
      channel: form.channel,
      sendAt: wallClockToInstant(form.sendAt, timeZone) ?? form.sendAt,
      appointmentAt: form.appointmentAt ? (wallClockToInstant(form.appointmentAt, timeZone) ?? form.appointmentAt) : undefined,
      note: optional(form.note),
    });
  }

  return (
    <Paper withBorder p="md">
      <Section title={t('manage.reminderTitle')} testId="reminder-form">
        <Text size="sm">{t('manage.reminderText')}</Text>
        <form noValidate onSubmit={submit}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NativeSelect
                label={t('manage.reminderChannel')}
                name="channel"
                value={form.channel}
                onChange={(event) => setForm({ ...form, channel: event.currentTarget.value as 'sms' | 'email' })}
                error={fieldError('channel')}
                data={[
                  { value: 'sms', label: t('manage.channel.sms') },
                  { value: 'email', label: t('manage.channel.email') },
                ]}
                data-testid="reminder-channel"
              />
              <DateTimeField
                label={t('manage.reminderSendAt')}
                description={t('manage.clinicClock', { zone: timeZone ?? '' })}
                name="sendAt"
                required
                value={form.sendAt}
                onChange={(sendAt) => setForm({ ...form, sendAt })}
                error={fieldError('sendAt')}
                testId="reminder-send-at"
              />
              <DateTimeField
                label={t('manage.reminderAppointmentAt')}
                description={t('manage.clinicClock', { zone: timeZone ?? '' })}
                name="appointmentAt"
                value={form.appointmentAt}
                onChange={(appointmentAt) => setForm({ ...form, appointmentAt })}
                error={fieldError('appointmentAt')}
                testId="reminder-appointment-at"
              />
            </SimpleGrid>
            <Textarea
              label={t('manage.reminderNote')}
              description={t('manage.reminderNoteHint')}
              name="note"
              autosize
              minRows={2}
              value={form.note}
              onChange={(event) => setForm({ ...form, note: event.currentTarget.value })}
              error={fieldError('note')}
              data-testid="reminder-note"
            />
            <FormFooter
              submit={t('manage.scheduleReminder')}
              pending={save.isPending}
              error={save.error}
              done={done}
              testId="reminder-submit"
            />
          </Stack>
        </form>
      </Section>
    </Paper>
  );
}
