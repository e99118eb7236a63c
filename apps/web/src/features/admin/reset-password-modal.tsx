import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import type { Staff } from './admin-api';
import { MIN_PASSWORD } from './create-staff-form';

/** POST /staff/:id/password: a new password (≥ 12); every session of the account ends. */
export function ResetPasswordModal({ member, onClose, onDone }: { member: Staff; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useTranslation('admin');
  const [password, setPassword] = useState('');
  const [short, setShort] = useState(false);
  const reset = useMutation({
    mutationFn: () => ok(api.POST('/api/v1/staff/{id}/password', { params: { path: { id: member.id } }, body: { newPassword: password } })),
    onSuccess: () => onDone(t('reset.done', { username: member.username })),
  });
  const fieldError = useFieldErrors(reset.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const tooShort = password.length < MIN_PASSWORD;
    setShort(tooShort);
    if (!tooShort) reset.mutate();
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('reset.title', { username: member.username })}
      closeButtonProps={{ 'aria-label': t('common:action.close') }}
    >
      <form noValidate onSubmit={submit} data-testid="reset-password">
        <Stack gap="sm">
          <ErrorAlert error={reset.error} />
          <PasswordInput
            name="newPassword"
            label={t('reset.password')}
            description={t('reset.hint')}
            autoComplete="new-password"
            required
            data-autofocus
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={short ? t('newStaff.passwordShort') : fieldError('newPassword')}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common:action.cancel')}
            </Button>
            <Button type="submit" loading={reset.isPending}>
              {t('reset.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
