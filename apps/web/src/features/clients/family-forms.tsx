import { useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { api, ok, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { todayIso } from '../../i18n/clinic-time';
import { useClinicTimeZone } from '../../i18n/format';
import { ErrorAlert, useErrorMessage, useFieldErrors } from '../../ui/errors';
import { useLengthLimit } from '../../ui/length-limit';
import { FormFooter } from '../../ui/form-footer';
import { clientPartKey, optional } from './client-data';
import { Section } from './parts';
import './messages';
import { DateField } from '../../ui/date-field';

type ContactBody = Schemas['CreateFamilyContactDto'];
type InteractionBody = Schemas['RecordFamilyInteractionDto'];
type Channel = InteractionBody['channel'];
const CHANNELS: Channel[] = ['phone', 'visit', 'family_session', 'message'];
type Initiator = NonNullable<InteractionBody['initiatedBy']>;
const INITIATORS: Initiator[] = ['staff', 'family', 'client'];
type Contact = Schemas['FamilyContactDto'];
/** The longest notes the API keeps (UpdateFamilyContactDto). */
const NOTES_MAX = 5000;

const emptyContact = () => ({ name: '', relationship: '', phone: '', mayContact: false, livesWithClient: '', notes: '' });

type ContactFormState = ReturnType<typeof emptyContact>;

/** A relative's details, as the add and the edit form both ask for them. */
function ContactFields({
  form,
  setForm,
  fieldError,
  testPrefix,
}: {
  form: ContactFormState;
  setForm: (form: ContactFormState) => void;
  fieldError: (field: string) => string | undefined;
  testPrefix: string;
}) {
  const { t } = useTranslation('clients');
  const limit = useLengthLimit();
  const text = (field: 'name' | 'relationship' | 'phone', props: { required?: boolean; type?: string; max?: number } = {}) => (
    <TextInput
      label={t(`family.${field}`)}
      name={field}
      autoComplete="off"
      required={props.required}
      type={props.type}
      value={form[field]}
      onChange={(event) => setForm({ ...form, [field]: event.currentTarget.value })}
      error={fieldError(field)}
      {...(props.max ? limit(form[field], props.max, { error: fieldError(field) }) : {})}
      data-testid={`${testPrefix}-${field}`}
    />
  );
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {text('name', { required: true, max: 100 })}
        {text('relationship', { required: true, max: 50 })}
        {text('phone', { type: 'tel' })}
      </SimpleGrid>
      <Checkbox
        label={t('family.mayContact')}
        name="mayContact"
        checked={form.mayContact}
        onChange={(event) => setForm({ ...form, mayContact: event.currentTarget.checked })}
        error={fieldError('mayContact')}
        data-testid={`${testPrefix}-may-contact`}
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
        data-testid={`${testPrefix}-lives-with`}
      />
      <Textarea
        label={t('family.notes')}
        name="notes"
        autosize
        minRows={2}
        {...limit(form.notes, NOTES_MAX, { error: fieldError('notes') })}
        value={form.notes}
        onChange={(event) => setForm({ ...form, notes: event.currentTarget.value })}
        data-testid={`${testPrefix}-notes`}
      />
    </>
  );
}

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
            <ContactFields form={form} setForm={setForm} fieldError={fieldError} testPrefix="contact" />
            <FormFooter submit={t('family.addSubmit')} pending={save.isPending} testId="contact-submit" />
          </Stack>
        </form>
      </Section>
    </Paper>
  );
}

const emptyInteraction = (timeZone: string | undefined) => ({
  date: todayIso(timeZone),
  channel: 'phone' as Channel,
  initiatedBy: 'staff' as Initiator,
  summary: '',
});

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
    save.mutate({ date: form.date, channel: form.channel, initiatedBy: form.initiatedBy, summary: optional(form.summary) });
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
        <Stack gap={4}>
          <Text size="sm" fw={500} id={`initiator-${contact.id}`}>
            {t('family.initiatedBy')}
          </Text>
          <SegmentedControl
            aria-labelledby={`initiator-${contact.id}`}
            value={form.initiatedBy}
            onChange={(value) => setForm({ ...form, initiatedBy: value })}
            data={INITIATORS.map((initiator) => ({ value: initiator, label: t(`family.initiator.${initiator}`) }))}
            maw={420}
            data-testid="interaction-initiator"
          />
          <Text size="xs" c="dimmed">
            {t('family.initiatedByHint')}
          </Text>
          {fieldError('initiatedBy') && (
            <Text size="xs" c="red">
              {fieldError('initiatedBy')}
            </Text>
          )}
        </Stack>
        <Group align="flex-start" grow preventGrowOverflow={false}>
          <DateField
            label={t('family.date')}
            name="date"
            required
            value={form.date || null}
            onChange={(date) => setForm({ ...form, date: date ?? '' })}
            error={fieldError('date')}
            w={200}
            testId="interaction-date"
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

const contactForm = (contact: Contact) => ({
  name: contact.name,
  relationship: contact.relationship,
  phone: contact.phone ?? '',
  mayContact: contact.mayContact,
  livesWithClient: contact.livesWithClient === null ? '' : contact.livesWithClient ? 'yes' : 'no',
  notes: contact.notes ?? '',
});

/**
 * PATCH /clients/:id/family-contacts/:fid: the counselor corrects a contact.
 * Only changed fields are sent; withdrawing the client's permission to
 * contact the person is confirmed first.
 */
export function EditContactForm({ clientId, contact, onDone }: { clientId: string; contact: Contact; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation('clients');
  const queryClient = useQueryClient();
  const [form, setForm] = useState(() => contactForm(contact));
  const [confirming, setConfirming] = useState(false);
  const before = contactForm(contact);
  const changes: Schemas['UpdateFamilyContactDto'] = {};
  if (form.name.trim() !== before.name) changes.name = form.name.trim();
  if (form.relationship.trim() !== before.relationship) changes.relationship = form.relationship.trim();
  if (form.phone.trim() !== before.phone) changes.phone = form.phone.trim() || null;
  if (form.mayContact !== before.mayContact) changes.mayContact = form.mayContact;
  if (form.livesWithClient !== before.livesWithClient)
    changes.livesWithClient = form.livesWithClient === '' ? null : form.livesWithClient === 'yes';
  if (form.notes !== before.notes) changes.notes = form.notes.trim() ? form.notes : null;
  const save = useMutation({
    mutationFn: () =>
      ok(api.PATCH('/api/v1/clients/{id}/family-contacts/{fid}', { params: { path: { id: clientId, fid: contact.id } }, body: changes })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: clientPartKey(clientId, 'family') });
      onDone(true);
    },
  });
  const fieldError = useFieldErrors(save.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    setConfirming(false);
    if (Object.keys(changes).length === 0) return onDone(false);
    if (changes.mayContact === false && !confirming) return setConfirming(true);
    save.mutate();
  }

  return (
    <Paper withBorder p="md" bg="gray.0">
      <form noValidate onSubmit={submit} data-testid="contact-edit-form" aria-label={t('family.editTitle', { name: contact.name })}>
        <Stack>
          <Text fw={600}>{t('family.editTitle', { name: contact.name })}</Text>
          <ErrorAlert error={save.error} />
          <ContactFields form={form} setForm={setForm} fieldError={fieldError} testPrefix="edit-contact" />
          {confirming && (
            <Alert color="orange" role="alert" data-testid="contact-edit-confirm">
              {t('family.confirmStopContact', { name: contact.name })}
            </Alert>
          )}
          <FormFooter
            submit={confirming ? t('family.confirmStop') : t('family.editSubmit')}
            pending={save.isPending}
            onCancel={() => onDone(false)}
            testId="edit-contact-submit"
          />
        </Stack>
      </form>
    </Paper>
  );
}
