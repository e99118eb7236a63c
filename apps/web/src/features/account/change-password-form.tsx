import { useState, type FormEvent } from 'react';
import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/api-error';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import './messages';

/** api.md: passwords have at least 12 characters (and at most 256). */
export const MIN_PASSWORD = 12;
const MAX_PASSWORD = 256;

type Problem = 'tooShort' | 'same' | 'mismatch' | null;

/**
 * POST /auth/password: the current password, the new one twice. Checked here
 * first (length, different, the same twice), then by the server, whose field
 * errors are shown at their fields.
 */
export function ChangePasswordForm({ onChanged, onCancel }: { onChanged: () => Promise<void> | void; onCancel?: () => void }) {
  const { t } = useTranslation('account');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<Problem>(null);
  const change = useMutation({
    mutationFn: () => ok(api.POST('/api/v1/auth/password', { body: { currentPassword: current, newPassword: next } })),
    onSuccess: () => onChanged(),
  });
  const fieldError = useFieldErrors(change.error);
  const wrongCurrent = change.error instanceof ApiError && change.error.code === 'CURRENT_PASSWORD_WRONG';

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Problem =
      next.length < MIN_PASSWORD || next.length > MAX_PASSWORD
        ? 'tooShort'
        : next === current
          ? 'same'
          : next !== again
            ? 'mismatch'
            : null;
    setProblem(found);
    if (!found) change.mutate();
  }

  return (
    <form onSubmit={submit} data-testid="change-password" noValidate>
      <Stack gap="sm">
        <ErrorAlert error={change.error} />
        <PasswordInput
          name="currentPassword"
          label={t('password.current')}
          autoComplete="current-password"
          required
          data-autofocus
          value={current}
          onChange={(event) => setCurrent(event.currentTarget.value)}
          error={wrongCurrent ? t('common:error.CURRENT_PASSWORD_WRONG') : fieldError('currentPassword')}
        />
        <PasswordInput
          name="newPassword"
          label={t('password.new')}
          description={t('password.newHint', { min: MIN_PASSWORD })}
          autoComplete="new-password"
          required
          value={next}
          onChange={(event) => setNext(event.currentTarget.value)}
          error={
            problem === 'tooShort'
              ? t('password.tooShort', { min: MIN_PASSWORD, count: next.length })
              : problem === 'same'
                ? t('password.same')
                : fieldError('newPassword')
          }
        />
        <PasswordInput
          name="confirmPassword"
          label={t('password.confirm')}
          autoComplete="new-password"
          required
          value={again}
          onChange={(event) => setAgain(event.currentTarget.value)}
          error={problem === 'mismatch' ? t('password.mismatch') : undefined}
        />
        <Group justify="flex-end" gap="sm">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common:action.cancel')}
            </Button>
          )}
          <Button type="submit" loading={change.isPending}>
            {t('password.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
