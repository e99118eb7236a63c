import { useState, type FormEvent } from 'react';
import { Alert, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { todayIso, wallClockToInstant } from '../../i18n/clinic-time';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { useLengthLimit } from '../../ui/length-limit';
import { FormFooter } from '../../ui/form-footer';
import { clientPartKey, optional } from './client-data';
import { Section } from './parts';
import './messages';
import { DateField } from '../../ui/date-field';
import { DateTimeField } from '../../ui/time-field';

type SessionBody = Schemas['CreateCounselingSessionDto'];
type AppointmentReminder = Schemas['AppointmentReminderDto'];
type SessionType = SessionBody['type'];
const TYPES: SessionType[] = ['individual', 'family', 'group'];

const empty = (timeZone: string | undefined) => ({
  date: todayIso(timeZone),
  type: 'individual' as SessionType,
  minutes: '45',
  topics: '',
  notes: '',
  next: '',
});

/** Topics typed as one line, split at commas (Chinese or Latin) or semicolons. */
function splitTopics(text: string): string[] | undefined {
  const topics = text
    .split(/[,，;；、]/)
    .map((topic) => topic.trim())
    .filter(Boolean);
  return topics.length > 0 ? topics : undefined;
}

/** The care-team counselor logs a session; notes and topics are stored encrypted and shown only to them. */
export function SessionForm({ clientId }: { clientId: string }) {
  const { t } = useTranslation('clients');
  const queryClient = useQueryClient();
  const timeZone = useClinicTimeZone();
  const [form, setForm] = useState(() => empty(timeZone));
  const set = (field: keyof typeof form) => (value: string) => setForm((current) => ({ ...current, [field]: value }));

  const save = useIdempotentCreate(
    (body: SessionBody, header) =>
      api.POST('/api/v1/clients/{id}/counseling-sessions', { params: { path: { id: clientId }, header }, body }),
    {
      onSuccess: async () => {
        setForm(empty(timeZone));
        await queryClient.invalidateQueries({ queryKey: clientPartKey(clientId, 'sessions') });
      },
    },
  );
  const fieldError = useFieldErrors(save.error);
  const limit = useLengthLimit();

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      date: form.date,
      type: form.type,
      minutes: Number(form.minutes),
      topics: splitTopics(form.topics),
      notes: optional(form.notes),
      // Typed on the clinic's clock, whatever zone this device is set to.
      nextAppointmentAt: form.next ? wallClockToInstant(form.next, timeZone) : undefined,
    });
  }

  return (
    <Paper withBorder p="md">
      <Section title={t('sessions.formTitle')} testId="session-form">
        <form noValidate onSubmit={submit}>
          <Stack>
            <ErrorAlert error={save.error} />
            {save.isSuccess && (
              <Text size="sm" role="status" data-testid="session-saved">
                {t('sessions.saved')}
              </Text>
            )}
            {save.data?.appointmentReminder && <ReminderState reminder={save.data.appointmentReminder} />}
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <DateField
                label={t('sessions.date')}
                name="date"
                required
                value={form.date || null}
                onChange={(date) => set('date')(date ?? '')}
                error={fieldError('date')}
                testId="session-date"
              />
              <NativeSelect
                label={t('sessions.type')}
                name="type"
                value={form.type}
                onChange={(event) => set('type')(event.currentTarget.value)}
                error={fieldError('type')}
                data={TYPES.map((type) => ({ value: type, label: t(`sessionType.${type}`) }))}
                data-testid="session-type-input"
              />
              <TextInput
                type="number"
                label={t('sessions.minutes')}
                name="minutes"
                required
                min={1}
                max={600}
                step={1}
                value={form.minutes}
                onChange={(event) => set('minutes')(event.currentTarget.value)}
                error={fieldError('minutes')}
                data-testid="session-minutes-input"
              />
            </SimpleGrid>
            <TextInput
              label={t('sessions.topics')}
              description={t('sessions.topicsHint')}
              name="topics"
              value={form.topics}
              onChange={(event) => set('topics')(event.currentTarget.value)}
              error={fieldError('topics')}
              autoComplete="off"
              data-testid="session-topics-input"
            />
            <Textarea
              label={t('sessions.notes')}
              name="notes"
              autosize
              minRows={3}
              {...limit(form.notes, 10000, { error: fieldError('notes') })}
              value={form.notes}
              onChange={(event) => set('notes')(event.currentTarget.value)}
              data-testid="session-notes-input"
            />
            <DateTimeField
              label={t('sessions.nextAppointment')}
              description={timeZone && t('sessions.nextAppointmentZone', { zone: timeZone })}
              name="nextAppointmentAt"
              value={form.next}
              onChange={set('next')}
              error={fieldError('nextAppointmentAt')}
              testId="session-next-input"
            />
            <FormFooter submit={t('sessions.submit')} pending={save.isPending} testId="session-submit" />
          </Stack>
        </form>
      </Section>
    </Paper>
  );
}

/** Where the reminder of the appointment just set stands: when it goes out, held for quiet hours, or why none is sent. */
function ReminderState({ reminder }: { reminder: AppointmentReminder }) {
  const { t } = useTranslation('clients');
  const format = useFormat();
  const channel = reminder.channel === 'sms' || reminder.channel === 'email' ? t(`sessions.reminderChannel.${reminder.channel}`) : '';
  const text =
    reminder.status === 'not_scheduled'
      ? t(`sessions.reminder.${reminder.reason ?? 'NO_CONSENT'}`)
      : t(`sessions.reminder.${reminder.status}`, {
          channel,
          time: format.dateTime(reminder.scheduledFor),
          until: format.dateTime(reminder.heldUntil),
        });
  const color = reminder.status === 'scheduled' ? 'teal' : reminder.status === 'held' ? 'yellow' : 'orange';
  return (
    <Alert color={color} variant="light" role="status" data-testid="session-reminder" data-status={reminder.status}>
      {text}
    </Alert>
  );
}
