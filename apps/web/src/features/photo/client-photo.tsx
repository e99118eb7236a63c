import { Center, Image, Loader, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/errors';
import { useClientPhoto } from './photo-api';
import './messages';

/** The client's photo, large enough to check the person at the window against; a plain placeholder when there is none. */
export function ClientPhoto({
  clientId,
  hasPhoto,
  name,
  size = 220,
}: {
  clientId: string;
  hasPhoto?: boolean;
  name: string;
  size?: number;
}) {
  const { t } = useTranslation('photo');
  const photo = useClientPhoto(clientId, hasPhoto);
  if (photo.error) return <ErrorAlert error={photo.error} />;
  if (photo.url) {
    return <Image src={photo.url} alt={t('alt', { name })} w={size} h={size * 1.25} fit="cover" radius="md" data-testid="client-photo" />;
  }
  return (
    <Paper withBorder w={size} h={size * 1.25} radius="md" data-testid="client-photo-none" bg="var(--mantine-color-gray-1)">
      <Center h="100%">
        {photo.loading ? <Loader size="sm" aria-label={t('common:state.loading')} /> : <Text c="dimmed">{t('none')}</Text>}
      </Center>
    </Paper>
  );
}
