import type { ReactNode } from 'react';
import { Button, Group, type MantineSize } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './errors';
import { Done } from './feedback';

/**
 * The end of a form: the error and what was done (for forms that show them
 * here, next to the button, rather than at the top), then the submit button,
 * and a Cancel beside it for forms opened in place (`onCancel`).
 */
export function FormFooter({
  submit,
  pending,
  testId,
  error,
  done,
  disabled,
  size,
  onCancel,
}: {
  submit: ReactNode;
  pending: boolean;
  testId?: string;
  error?: unknown;
  done?: ReactNode;
  disabled?: boolean;
  /** The buttons' size: `lg` where the form is used on a phone. */
  size?: MantineSize;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorAlert error={error} />
      <Done>{done}</Done>
      <Group gap="sm" wrap="wrap">
        <Button size={size} type="submit" loading={pending} disabled={disabled} data-testid={testId}>
          {submit}
        </Button>
        {onCancel && (
          <Button size={size} variant="default" onClick={onCancel}>
            {t('action.cancel')}
          </Button>
        )}
      </Group>
    </>
  );
}
