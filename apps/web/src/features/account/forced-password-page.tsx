import { Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession, useUser } from '../../auth/session';
import { LanguageSwitch } from '../../layout/app-layout';
import { ChangePasswordForm } from './change-password-form';
import './messages';

/**
 * Right after signing in with a password someone else set: nothing else is
 * reachable (the API answers 403 PASSWORD_CHANGE_REQUIRED) until the user has
 * chosen their own.
 */
export default function ForcedPasswordPage() {
  const { t } = useTranslation('account');
  const user = useUser();
  const { signOut, refreshUser } = useSession();
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="lg" maw={460} w="100%" component="main">
        <Stack gap="md">
          <Group justify="space-between" wrap="nowrap">
            <Title order={1} size="h3">
              {t('forced.title')}
            </Title>
            <LanguageSwitch />
          </Group>
          <Text size="sm" data-testid="password-required">
            {t('forced.explanation')}
          </Text>
          <Text size="sm" fw={500}>
            {user.displayName} · {user.username}
          </Text>
          <ChangePasswordForm onChanged={refreshUser} />
          <Group justify="flex-start">
            <Button variant="subtle" size="xs" onClick={() => void signOut()}>
              {t('forced.signOut')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
