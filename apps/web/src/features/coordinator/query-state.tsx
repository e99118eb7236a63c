import { Center, Loader, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/errors';

/** What a section shows while its query has no data: a loader or the error in words. */
export function QueryState({ isPending, error }: { isPending: boolean; error: unknown }) {
  const { t } = useTranslation();
  if (error) return <ErrorAlert error={error} />;
  if (!isPending) return null;
  return (
    <Center py="lg" role="status">
      <Loader size="sm" />
      <VisuallyHidden>{t('state.loading')}</VisuallyHidden>
    </Center>
  );
}
