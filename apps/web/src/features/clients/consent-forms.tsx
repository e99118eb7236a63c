import { useState, type FormEvent } from 'react';
import { Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { FormFooter } from '../../ui/form-footer';
import { clientPartKey, optional } from './client-data';
import { Section } from './parts';
import './messages';

type ConsentBody = Schemas['RecordConsentDto'];
type Scope = ConsentBody['scope'];
const SCOPES: Scope[] = ['peer_support', 'family_contact', 'sms_reminders', 'email_reminders', 'research'];

/** A consent changes who may see and contact what: refresh everything that rests on it. */
function useConsentChanged(clientId: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all(
      ['consents', 'family', 'groups'].map((part) => queryClient.invalidateQueries({ queryKey: clientPartKey(clientId, part) })),
    );
  };
}

const emptyConsent = () => ({ scope: '', validFrom: '', validUntil: '', note: '' });

export function ConsentForm({ clientId }: { clientId: string }) {
  const { t } = useTranslation('clients');
  const changed = useConsentChanged(clientId);
  const [form, setForm] = useState(emptyConsent);
  const save = useIdempotentCreate(
    (body: ConsentBody, header) => api.POST('/api/v1/clients/{id}/consents', { params: { path: { id: clientId }, header }, body }),
    {
      onSuccess: async () => {
        setForm(emptyConsent());
        await changed();
      },
    },
  );
  const fieldError = useFieldErrors(save.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      scope: form.scope as Scope,
      validFrom: optional(form.validFrom),
      validUntil: optional(form.validUntil),
      note: optional(form.note),
    });
  }

  return (
    <Paper withBorder p="md">
      <Section title={t('consents.formTitle')} testId="consent-form">
        <form noValidate onSubmit={submit}>
          <Stack>
            <ErrorAlert error={save.error} />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NativeSelect
                label={t('consents.scope')}
                name="scope"
                required
                value={form.scope}
                onChange={(event) => setForm({ ...form, scope: event.currentTarget.value })}
                error={fieldError('scope')}
                data={[{ value: '', label: t('choose') }, ...SCOPES.map((scope) => ({ value: scope, label: t(`common:scope.${scope}`) }))]}
                data-testid="consent-scope"
              />
              <TextInput
                type="date"
                label={t('consents.validFrom')}
                description={t('consents.validFromHint')}
                name="validFrom"
                value={form.validFrom}
                onChange={(event) => setForm({ ...form, validFrom: event.currentTarget.value })}
                error={fieldError('validFrom')}
                data-testid="consent-valid-from"
              />
              <TextInput
                type="date"
                label={t('consents.validUntil')}
                description={t('consents.validUntilHint')}
                name="validUntil"
                value={form.validUntil}
                onChange={(event) => setForm({ ...form, validUntil: event.currentTarget.value })}
                error={fieldError('validUntil')}
                data-testid="consent-valid-until"
              />
            </SimpleGrid>
            <Textarea
              label={t('consents.note')}
              name="note"
              autosize
              minRows={2}
              value={form.note}
              onChange={(event) => setForm({ ...form, note: event.currentTarget.value })}
              error={fieldError('note')}
              data-testid="consent-note"
            />
            <FormFooter submit={t('consents.submit')} pending={save.isPending} testId="consent-submit" />
          </Stack>
        </form>
      </Section>
    </Paper>
  );
}

/** Revokes one consent, with an optional reason; it takes effect at once. */
export function RevokeForm({ clientId, consent, onDone }: { clientId: string; consent: Schemas['ConsentDto']; onDone: () => void }) {
  const { t } = useTranslation('clients');
  const changed = useConsentChanged(clientId);
  const [reason, setReason] = useState('');
  const revoke = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/v1/clients/{id}/consents/{consentId}/revoke', {
          params: { path: { id: clientId, consentId: consent.id } },
          body: { reason: optional(reason) },
        }),
      ),
    onSuccess: async () => {
      await changed();
      onDone();
    },
  });
  const fieldError = useFieldErrors(revoke.error);
  const scope = t(`common:scope.${consent.scope}`);

  function submit(event: FormEvent) {
    event.preventDefault();
    revoke.mutate();
  }

  return (
    <Paper withBorder p="md" data-testid="revoke-form">
      <form noValidate onSubmit={submit} aria-label={t('consents.revokeScope', { scope })}>
        <Stack gap="sm">
          <ErrorAlert error={revoke.error} />
          <Textarea
            label={t('consents.revokeReason')}
            name="reason"
            autosize
            minRows={2}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={fieldError('reason')}
            autoFocus
            data-testid="revoke-reason"
          />
          <Group>
            <Button type="submit" color="red.9" loading={revoke.isPending} data-testid="revoke-submit">
              {t('consents.revokeConfirm')}
            </Button>
            <Button variant="default" onClick={onDone}>
              {t('common:action.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
