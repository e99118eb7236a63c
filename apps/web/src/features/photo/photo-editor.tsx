import { useState } from 'react';
import { Button, FileButton, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Done } from '../../ui/feedback';
import { ErrorAlert } from '../../ui/errors';
import { ClientPhoto } from './client-photo';
import { deletePhoto, fitForUpload, photoKey, uploadPhoto } from './photo-api';
import './messages';

class NotAnImage extends Error {}

/**
 * The photo on the client record, with taking one (the device's camera on a
 * tablet or phone: `capture="user"`), choosing a file, and deleting it after
 * a confirmation. Shown to those who hold `client.photo.manage` (from `/auth/me`).
 */
export function PhotoEditor({
  clientId,
  hasPhoto,
  name,
  editable,
}: {
  clientId: string;
  hasPhoto?: boolean;
  name: string;
  editable: boolean;
}) {
  const { t } = useTranslation('photo');
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  // The record (its hasPhoto) and everything under it; after a delete, not the photo itself (it is gone: a 404).
  const refresh = (withPhoto: boolean) =>
    queryClient.invalidateQueries({ queryKey: ['clients', clientId], predicate: (query) => withPhoto || query.queryKey[2] !== 'photo' });

  const upload = useMutation({
    mutationFn: async (file: File) => {
      if (!file.type.startsWith('image/')) throw new NotAnImage();
      await uploadPhoto(clientId, await fitForUpload(file));
    },
    onSuccess: async () => {
      setDone(t('saved'));
      await refresh(true);
    },
  });
  const remove = useMutation({
    mutationFn: () => deletePhoto(clientId),
    onSuccess: async () => {
      setConfirming(false);
      setDone(t('removed'));
      queryClient.setQueryData(photoKey(clientId), null);
      await refresh(false);
    },
  });
  const pick = (file: File | null) => {
    setDone(null);
    if (file) upload.mutate(file);
  };

  return (
    <Stack gap="xs" data-testid="photo-editor">
      <ClientPhoto clientId={clientId} hasPhoto={hasPhoto} name={name} size={180} />
      {editable && (
        <Group gap="xs" className="no-print">
          <FileButton onChange={pick} accept="image/*" capture="user" inputProps={{ 'aria-label': t('take'), name: 'photo-camera' }}>
            {(props) => (
              <Button {...props} size="xs" loading={upload.isPending}>
                {hasPhoto ? t('replace') : t('take')}
              </Button>
            )}
          </FileButton>
          <FileButton onChange={pick} accept="image/jpeg,image/png,image/*" inputProps={{ 'aria-label': t('choose'), name: 'photo-file' }}>
            {(props) => (
              <Button {...props} size="xs" variant="default" disabled={upload.isPending}>
                {t('choose')}
              </Button>
            )}
          </FileButton>
          {hasPhoto && (
            <Button size="xs" variant="outline" color="red.9" onClick={() => setConfirming(true)}>
              {t('remove')}
            </Button>
          )}
        </Group>
      )}
      {upload.error instanceof NotAnImage ? (
        <Text c="red.9" size="sm" role="alert">
          {t('notAnImage')}
        </Text>
      ) : (
        <ErrorAlert error={upload.error} />
      )}
      <Done testId="photo-done">{done}</Done>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('remove')}
        closeButtonProps={{ 'aria-label': t('common:action.close') }}
      >
        <Stack>
          <Text>{t('confirmRemove')}</Text>
          <ErrorAlert error={remove.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('cancel')}
            </Button>
            <Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate()} data-testid="confirm-remove-photo">
              {t('remove')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
