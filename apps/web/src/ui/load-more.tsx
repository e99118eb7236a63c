import { Button, Group, type MantineSize } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** What a list read page by page tells its button (a TanStack infinite query has it all). */
interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** The button under a list read page by page: shown while there is a next page, busy while that page loads. */
export function LoadMore({ pages, size, testId }: { pages: Pages; size?: MantineSize; testId?: string }) {
  const { t } = useTranslation();
  if (!pages.hasNextPage) return null;
  return (
    <Group>
      <Button
        variant="default"
        size={size}
        loading={pages.isFetchingNextPage}
        onClick={() => void pages.fetchNextPage()}
        data-testid={testId}
      >
        {t('action.loadMore')}
      </Button>
    </Group>
  );
}
