import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session';
import { LanguageSwitch } from '../../layout/app-layout';
import { ErrorAlert } from '../../ui/errors';

export function SignInPage() {
  const { t } = useTranslation();
  const { signIn, endedBecause } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={380} maw="100%">
        <form noValidate onSubmit={(event) => void submit(event)}>
          <Stack>
            <Group justify="space-between">
              <div>
                <Title order={1} size="h2">
                  {t('app.name')}
                </Title>
                <Text size="sm" c="dimmed">
                  {t('app.tagline')}
                </Text>
              </div>
              <LanguageSwitch />
            </Group>
            <Title order={2} size="h4">
              {t('signIn.title')}
            </Title>
            {endedBecause && (
              <Alert color="yellow" role="status" data-testid="signed-out-notice">
                {t(endedBecause === 'idle' ? 'signIn.idle' : 'signIn.ended')}
              </Alert>
            )}
            <ErrorAlert error={error} />
            <TextInput
              label={t('signIn.username')}
              name="username"
              autoComplete="username"
              required
              autoFocus
              value={username}
              onChange={(event) => setUsername(event.currentTarget.value)}
            />
            <PasswordInput
              label={t('signIn.password')}
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
            />
            <Button type="submit" loading={busy}>
              {t('signIn.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
