import { useState, type FormEvent } from 'react';
import { Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { useUser } from '../../auth/session';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { clientKey, may } from './client-data';
import { Section } from './parts';
import './messages';

/**
 * A client the caller may not see reads as "not found" (the API never says
 * whether the client exists). Clinical staff may break the glass: 60 minutes
 * of full access, with a reason, audited; then the record loads again.
 */
export function EmergencyAccess({
  clientId,
  error,
  onGranted,
}: {
  clientId: string;
  error: unknown;
  onGranted: (expiresAt: string) => void;
}) {
  const { t } = useTranslation('clients');
  const user = useUser();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const request = useMutation({
    mutationFn: () =>
      ok(api.POST('/api/v1/clients/{id}/emergency-access', { params: { path: { id: clientId } }, body: { reason: reason.trim() } })),
    onSuccess: async (granted) => {
      onGranted(granted.expiresAt);
      await queryClient.invalidateQueries({ queryKey: clientKey(clientId) });
    },
  });
  const fieldError = useFieldErrors(request.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    request.mutate();
  }

  return (
    <Stack>
      <ErrorAlert error={error} />
      {may.emergencyAccess(user) && (
        <Paper withBorder p="md">
          <Section title={t('record.emergencyTitle')} testId="emergency-access">
            <Text size="sm">{t('record.emergencyText')}</Text>
            <form noValidate onSubmit={submit}>
              <Stack>
                <ErrorAlert error={request.error} />
                <Textarea
                  label={t('record.emergencyReason')}
                  name="reason"
                  required
                  autosize
                  minRows={2}
                  value={reason}
                  onChange={(event) => setReason(event.currentTarget.value)}
                  error={fieldError('reason')}
                  data-testid="emergency-reason"
                />
                <Group>
                  <Button type="submit" color="red.9" loading={request.isPending} data-testid="emergency-submit">
                    {t('record.emergencySubmit')}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Section>
        </Paper>
      )}
    </Stack>
  );
}
