import type { ReactNode } from 'react';
import { Alert, Group, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A spinner with words, so a screen reader hears that something is loading. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <Group gap="sm" role="status">
      <Loader size="sm" />
      <Text size="sm">{t('state.loading')}</Text>
    </Group>
  );
}

/** What was just done (saved, created, removed), announced politely; with `onClose`, the user may dismiss it. */
export function Done({
  children,
  testId = 'done',
  onClose,
  mb,
}: {
  children: ReactNode;
  testId?: string;
  onClose?: () => void;
  mb?: string;
}) {
  const { t } = useTranslation();
  if (!children) return null;
  return (
    <Alert
      color="teal"
      role="status"
      data-testid={testId}
      variant="light"
      mb={mb}
      withCloseButton={onClose !== undefined}
      closeButtonLabel={onClose ? t('action.close') : undefined}
      onClose={onClose}
    >
      {children}
    </Alert>
  );
}
