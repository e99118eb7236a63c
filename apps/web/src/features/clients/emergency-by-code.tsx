import { useState, type FormEvent } from 'react';
import { Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ok } from '../../api/client';
import { useUser } from '../../auth/session';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { may } from './client-data';
import { Section } from './parts';
import './messages';
import './manage-messages';

/** A whole client code as staff type it (`KM01-000123`): a search by name or number never offers emergency access. */
const WHOLE_CODE = /^[A-Za-z0-9]{2,8}-\d{1,12}$/;

export function isWholeCode(text: string): boolean {
  return WHOLE_CODE.test(text.trim());
}

/** What the record page shows after a grant reached from a search (router state). */
export interface EmergencyGrantState {
  emergencyUntil: string;
}

/**
 * A search for a whole client code that shows nothing: the client may not
 * exist, or the caller may not see them (the API never says which). Clinical
 * staff may break the glass by the code, with a reason; the grant is audited
 * and opens the client's record.
 */
export function EmergencyByCode({ code }: { code: string }) {
  const { t } = useTranslation('clients');
  const user = useUser();
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const request = useMutation({
    mutationFn: () => ok(api.POST('/api/v1/emergency-access', { body: { clientCode: code.trim(), reason: reason.trim() } })),
    onSuccess: async (granted) => {
      const state: EmergencyGrantState = { emergencyUntil: granted.expiresAt };
      await navigate(`/clients/${granted.clientId}`, { state });
    },
  });
  const fieldError = useFieldErrors(request.error);
  if (!may.emergencyAccess(user) || !isWholeCode(code)) return null;
  const tooShort = reason.replace(/\s/g, '').length < 10;

  function submit(event: FormEvent) {
    event.preventDefault();
    request.mutate();
  }

  return (
    <Paper withBorder p="md">
      <Section title={t('emergencySearch.title', { code: code.trim().toUpperCase() })} testId="emergency-by-code">
        <Text size="sm">{t('emergencySearch.text')}</Text>
        <form noValidate onSubmit={submit}>
          <Stack gap="sm">
            <ErrorAlert error={request.error} />
            <Textarea
              label={t('record.emergencyReason')}
              description={t('emergencySearch.reasonHint')}
              name="reason"
              required
              autosize
              minRows={2}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              error={fieldError('reason') ?? fieldError('clientCode')}
              data-testid="emergency-code-reason"
            />
            <Group>
              <Button type="submit" color="red.9" loading={request.isPending} disabled={tooShort} data-testid="emergency-code-submit">
                {t('record.emergencySubmit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Section>
    </Paper>
  );
}
