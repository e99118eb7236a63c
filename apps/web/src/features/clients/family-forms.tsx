import { useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { api, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { todayIso } from '../../i18n/clinic-time';
import { useClinicTimeZone } from '../../i18n/format';
import { ErrorAlert, useErrorMessage, useFieldErrors } from '../../ui/errors';
import { FormFooter } from '../../ui/form-footer';
import { clientPartKey, optional } from './client-data';
import { Section } from './parts';
import './messages';

type ContactBody = Schemas['CreateFamilyContactDto'];
type InteractionBody = Schemas['RecordFamilyInteractionDto'];
type Channel = InteractionBody['channel'];
const CHANNELS: Channel[] = ['phone', 'visit', 'family_session', 'message'];

const emptyContact = () => ({ name: '', relationship: '', phone: '', mayContact: false, livesWithClient: '', notes: '' });

/** The client's counselor records a relative or other natural support. */
export function ContactForm({ clientId }: { clientId: string }) {
  const { t } = useTranslation('clients');
  const queryClient = useQueryClient();
  const [form, setForm] = useState(emptyContact);
  const save = useIdempotentCreate(
    (body: ContactBody, header) => api.POST('/api/v1/clients/{id}/family-contacts', { params: { path: { id: clientId }, header }, body }),
    {
      onSuccess: async () => {
        setForm(emptyContact());
        await queryClient.invalidateQueries({ queryKey: clientPartKey(clientId, 'family') });
      },
    },
  );
  const fieldError = useFieldErrors(save.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      name: form.name.trim(),
      relationship: form.relationship.trim(),
      phone: optional(form.phone),
      mayContact: form.mayContact,
      livesWithClient: form.livesWithClient === '' ? undefined : form.livesWithClient === 'yes',
      notes: optional(form.notes),
    });
  }

  return (
    <Paper withBorder p="md">
      <Section title={t('family.addTitle')} testId="contact-form">
        <form noValidate onSubmit={submit}>
          <Stack>
            <ErrorAlert error={save.error} />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label={t('family.name')}
                name="name"
                required
                autoComplete="off"
                value={form.name}
                onChange={(event) => setForm({ ...form, name: event.currentTarget.value })}
                error={fieldError('name')}
                data-testid="contact-name"
              />
              <TextInput
                label={t('family.relationship')}
                name="relationship"
                required
                autoComplete="off"
                value={form.relationship}
                onChange={(event) => setForm({ ...form, relationship: event.currentTarget.value })}
                error={fieldError('relationship')}
                data-testid="contact-relationship"
              />
              <TextInput
                type="tel"
                label={t('family.phone')}
                name="phone"
                autoComplete="off"
                value={form.phone}
                onChange={(event) => setForm({ ...form, phone: event.currentTarget.value })}
                error={fieldError('phone')}
                data-testid="contact-phone"
              />
            </SimpleGrid>
            <Checkbox
              label={t('family.mayContact')}
              name="mayContact"
              checked={form.mayContact}
              onChange={(event) => setForm({ ...form, mayContact: event.currentTarget.checked })}
              error={fieldError('mayContact')}
              data-testid="contact-may-contact"
            />
            <NativeSelect
              label={t('family.livesWithClient')}
              name="livesWithClient"
              value={form.livesWithClient}
              onChange={(event) => setForm({ ...form, livesWithClient: event.currentTarget.value })}
              error={fieldError('livesWithClient')}
              maw={320}
              data={[
                { value: '', label: t('notKnown') },
                { value: 'yes', label: t('yes') },
                { value: 'no', label: t('no') },
              ]}
              data-testid="contact-lives-with"
            />
            <Textarea
              label={t('family.notes')}
              name="notes"
              autosize
              minRows={2}
              value={form.notes}
              onChange={(event) => setForm({ ...form, notes: event.currentTarget.value })}
              error={fieldError('notes')}
              data-testid="contact-notes"
            />
            <FormFooter submit={t('family.addSubmit')} pending={save.isPending} testId="contact-submit" />
          </Stack>
        </form>
      </Section>
    </Paper>
  );
}

const emptyInteraction = (timeZone: string | undefined) => ({ date: todayIso(timeZone), channel: 'phone' as Channel, summary: '' });

/** Logs a call, visit, family session or message with one relative (only when they may be contacted). */
export function InteractionForm({ clientId, contact }: { clientId: string; contact: Schemas['FamilyContactDto'] }) {
  const { t } = useTranslation('clients');
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const timeZone = useClinicTimeZone();
  const [form, setForm] = useState(() => emptyInteraction(timeZone));
  const save = useIdempotentCreate(
    (body: InteractionBody, header) =>
      api.POST('/api/v1/clients/{id}/family-contacts/{fid}/interactions', {
        params: { path: { id: clientId, fid: contact.id }, header },
        body,
      }),
    {
      onSuccess: async () => {
        setForm(emptyInteraction(timeZone));
        await queryClient.invalidateQueries({ queryKey: clientPartKey(clientId, 'family', contact.id, 'interactions') });
      },
      // A refused contact may mean the consent changed meanwhile: show the contact as it is now.
      onError: async (error) => {
        if (error instanceof ApiError && error.code === 'CONTACT_NOT_PERMITTED') {
          await queryClient.invalidateQueries({ queryKey: clientPartKey(clientId, 'family'), exact: true });
        }
      },
    },
  );
  const fieldError = useFieldErrors(save.error);
  const notPermitted = save.error instanceof ApiError && save.error.code === 'CONTACT_NOT_PERMITTED';

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ date: form.date, channel: form.channel, summary: optional(form.summary) });
  }

  return (
    <form noValidate onSubmit={submit} data-testid="interaction-form">
      <Stack gap="xs">
        <Text fw={600} size="sm" component="h5" m={0}>
          {t('family.logTitle', { name: contact.name })}
        </Text>
        {notPermitted ? (
          <Alert color="red" role="alert" title={t('common:error.title')} data-testid="error">
            {message(save.error)} {contact.mayContact ? t('family.noConsent') : t('family.noPermission')}
          </Alert>
        ) : (
          <ErrorAlert error={save.error} />
        )}
        <Group align="flex-start" grow preventGrowOverflow={false}>
          <TextInput
            type="date"
            label={t('family.date')}
            name="date"
            required
            value={form.date}
            onChange={(event) => setForm({ ...form, date: event.currentTarget.value })}
            error={fieldError('date')}
            maw={200}
            data-testid="interaction-date"
          />
          <NativeSelect
            label={t('family.channel')}
            name="channel"
            value={form.channel}
            onChange={(event) => setForm({ ...form, channel: event.currentTarget.value as Channel })}
            error={fieldError('channel')}
            maw={220}
            data={CHANNELS.map((channel) => ({ value: channel, label: t(`channel.${channel}`) }))}
            data-testid="interaction-channel"
          />
        </Group>
        <Textarea
          label={t('family.summary')}
          name="summary"
          autosize
          minRows={2}
          value={form.summary}
          onChange={(event) => setForm({ ...form, summary: event.currentTarget.value })}
          error={fieldError('summary')}
          data-testid="interaction-summary"
        />
        <Group>
          <Button type="submit" size="sm" variant="default" loading={save.isPending} data-testid="interaction-submit">
            {t('family.logSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
