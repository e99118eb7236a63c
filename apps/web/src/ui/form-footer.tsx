import type { ReactNode } from 'react';
import { Button, Group } from '@mantine/core';
import { ErrorAlert } from './errors';
import { Done } from './feedback';

/**
 * The end of a form: the error and what was done (for forms that show them
 * here, next to the button, rather than at the top), then the submit button.
 */
export function FormFooter({
  submit,
  pending,
  testId,
  error,
  done,
}: {
  submit: ReactNode;
  pending: boolean;
  testId?: string;
  error?: unknown;
  done?: ReactNode;
}) {
  return (
    <>
      <ErrorAlert error={error} />
      <Done>{done}</Done>
      <Group>
        <Button type="submit" loading={pending} data-testid={testId}>
          {submit}
        </Button>
      </Group>
    </>
  );
}
