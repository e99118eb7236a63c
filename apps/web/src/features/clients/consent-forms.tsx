import { useRef, useState, type FormEvent } from 'react';
import { Badge, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { api, ok, type Schemas } from '../../api/client';
import { newIdempotencyKey } from '../../api/idempotency';
import { DateField } from '../../ui/date-field';
import { ErrorAlert, useErrorMessage, useFieldErrors } from '../../ui/errors';
import { FormFooter } from '../../ui/form-footer';
import { clientPartKey, optional } from './client-data';
import { Section } from './parts';
import './messages';
import './manage-messages';

type ConsentBody = Schemas['RecordConsentDto'];
type Scope = ConsentBody['scope'];
const SCOPES: Scope[] = ['peer_support', 'family_contact', 'sms_reminders', 'email_reminders', 'research', 'referral'];

/** A consent changes who may see and contact what: refresh everything that rests on it. */
function useConsentChanged(clientId: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all(
      ['consents', 'family', 'groups'].map((part) => queryClient.invalidateQueries({ queryKey: clientPartKey(clientId, part) })),
    );
  };
}

/** What became of one scope of a submission: a new consent (201), the one in force renewed (200), or an error. */
type ScopeResult = { scope: Scope; outcome: 'recorded' | 'renewed' } | { scope: Scope; outcome: 'failed'; error: ApiError | Error };

const emptyConsent = () => ({ scopes: [] as string[], validFrom: null as string | null, validUntil: null as string | null, note: '' });

/**
 * Records several scopes in one submission, one request per scope (the API
 * records one scope at a time). A scope already in force is renewed by the
 * API, never copied, and the result says which. Each request carries its own
 * `Idempotency-Key`, kept until the submission succeeds, so a retry after a
 * lost answer records nothing twice.
 */
export function ConsentForm({ clientId }: { clientId: string }) {
  const { t } = useTranslation('clients');
  const changed = useConsentChanged(clientId);
  const [form, setForm] = useState(emptyConsent);
  const [missingScope, setMissingScope] = useState(false);
  const keys = useRef(new Map<string, string>());
  const save = useMutation({
    mutationFn: async (bodies: ConsentBody[]): Promise<ScopeResult[]> => {
      const results: ScopeResult[] = [];
      for (const body of bodies) {
        const json = JSON.stringify(body);
        const key = keys.current.get(json) ?? newIdempotencyKey();
        keys.current.set(json, key);
        try {
          const { error, response } = await api.POST('/api/v1/clients/{id}/consents', {
            params: { path: { id: clientId }, header: { 'Idempotency-Key': key } },
            body,
          });
          if (!response.ok) throw ApiError.from(response, error);
          keys.current.delete(json);
          results.push({ scope: body.scope, outcome: response.status === 200 ? 'renewed' : 'recorded' });
        } catch (error) {
          results.push({ scope: body.scope, outcome: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
        }
      }
      return results;
    },
    onSuccess: async (results) => {
      if (results.every((result) => result.outcome !== 'failed')) setForm(emptyConsent());
      await changed();
    },
  });
  const firstError = save.data?.find((result) => result.outcome === 'failed');
  const fieldError = useFieldErrors(firstError && 'error' in firstError ? firstError.error : null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (form.scopes.length === 0) {
      setMissingScope(true);
      return;
    }
    setMissingScope(false);
    save.mutate(
      SCOPES.filter((scope) => form.scopes.includes(scope)).map((scope) => ({
        scope,
        validFrom: form.validFrom ?? undefined,
        validUntil: form.validUntil ?? undefined,
        note: optional(form.note),
      })),
    );
  }

  return (
    <Paper withBorder p="md">
      <Section title={t('consents.formTitle')} testId="consent-form">
        <form noValidate onSubmit={submit}>
          <Stack>
            <ErrorAlert error={save.error} />
            <Checkbox.Group
              label={t('consentsMulti.scopes')}
              description={t('consentsMulti.scopesHint')}
              value={form.scopes}
              onChange={(scopes) => {
                setMissingScope(false);
                setForm({ ...form, scopes });
              }}
              error={missingScope ? t('consentsMulti.chooseScope') : fieldError('scope')}
              withAsterisk
              data-testid="consent-scopes"
            >
              <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
                {SCOPES.map((scope) => (
                  <Checkbox key={scope} value={scope} label={t(`common:scope.${scope}`)} data-testid={`consent-scope-${scope}`} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <DateField
                label={t('consents.validFrom')}
                description={t('consents.validFromHint')}
                name="validFrom"
                value={form.validFrom}
                onChange={(validFrom) => setForm({ ...form, validFrom })}
                error={fieldError('validFrom')}
                testId="consent-valid-from"
              />
              <DateField
                label={t('consents.validUntil')}
                description={t('consents.validUntilHint')}
                name="validUntil"
                value={form.validUntil}
                onChange={(validUntil) => setForm({ ...form, validUntil })}
                error={fieldError('validUntil')}
                testId="consent-valid-until"
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
            {save.data && <ScopeResults results={save.data} />}
            <FormFooter submit={t('consents.submit')} pending={save.isPending} testId="consent-submit" />
          </Stack>
        </form>
      </Section>
    </Paper>
  );
}

function ScopeResults({ results }: { results: ScopeResult[] }) {
  const { t } = useTranslation('clients');
  const message = useErrorMessage();
  return (
    <Stack gap={4} role="status" aria-label={t('consentsMulti.results')} data-testid="consent-results">
      {results.map((result) => (
        <Group key={result.scope} gap="xs" data-testid="consent-result" data-scope={result.scope} data-outcome={result.outcome}>
          <Badge color={result.outcome === 'failed' ? 'red.9' : result.outcome === 'renewed' ? 'blue.9' : 'teal.9'} miw="max-content">
            {t(`consentsMulti.${result.outcome}`)}
          </Badge>
          <Text size="sm">
            {t(`common:scope.${result.scope}`)}
            {result.outcome === 'failed' ? `: ${message(result.error)}` : ''}
          </Text>
        </Group>
      ))}
    </Stack>
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
