import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';

/** The longest clinic name or display name the API keeps (never cut: a longer one is refused). */
export const MAX_NAME = 200;

/**
 * A dialog with one name field: its length shown against the limit, an
 * empty or too long name refused here, and the server's field error shown at
 * the field. `save` is the mutation; `field` is the name the API gives the field.
 */
export function NameModal({
  title,
  label,
  field,
  initial,
  testId,
  pending,
  error,
  onSave,
  onClose,
}: {
  title: string;
  label: string;
  field: string;
  initial: string;
  testId: string;
  pending: boolean;
  error: unknown;
  onSave: (name: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const [name, setName] = useState(initial);
  const [problem, setProblem] = useState<'empty' | 'long' | null>(null);
  const fieldError = useFieldErrors(error);
  const length = name.trim().length;

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = length === 0 ? 'empty' : length > MAX_NAME ? 'long' : null;
    setProblem(found);
    if (!found) onSave(name.trim());
  }

  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': t('common:action.close') }}>
      <form onSubmit={submit} data-testid={testId} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={error} />
          <TextInput
            name={field}
            label={label}
            description={t('name.length', { count: length, max: MAX_NAME })}
            required
            data-autofocus
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={problem === 'empty' ? t('name.empty') : problem === 'long' ? t('name.tooLong', { max: MAX_NAME }) : fieldError(field)}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common:action.cancel')}
            </Button>
            <Button type="submit" loading={pending}>
              {t('common:action.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
