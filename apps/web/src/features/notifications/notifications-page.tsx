import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { Loading } from '../../ui/feedback';
import { LoadMore } from '../../ui/load-more';
import { NS } from './messages';
import { loadNotices, NOTIFICATIONS_KEY, type Notice } from './notifications-api';

/** The caller's own in-app notices, newest first: read one, open the client's record it is about. */
export default function NotificationsPage() {
  const { t } = useTranslation(NS);
  const notices = useInfiniteQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'pages'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => loadNotices(pageParam),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = notices.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md" maw={900}>
      <Title order={2}>{t('title')}</Title>
      <Text size="sm" c="dimmed">
        {t('intro')}
      </Text>
      <ErrorAlert error={notices.error} />
      {notices.isPending && <Loading />}
      {notices.data && items.length === 0 && <Text data-testid="notifications-empty">{t('none')}</Text>}
      {items.map((notice) => (
        <NoticeCard key={notice.id} notice={notice} />
      ))}
      <LoadMore pages={notices} />
    </Stack>
  );
}

function NoticeCard({ notice }: { notice: Notice }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const queryClient = useQueryClient();
  const markRead = useMutation({
    mutationFn: () => ok(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id: notice.id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
  const time = format.dateTime(notice.createdAt);
  return (
    <Paper withBorder p="md" component="article" data-testid="notification" data-read={notice.readAt ? 'true' : 'false'}>
      <Stack gap="xs">
        <Group gap="sm">
          <Text size="sm" c="dimmed">
            {time}
          </Text>
          {notice.readAt ? (
            <Text size="sm" c="dimmed" data-testid="notification-state">
              {t('read', { time: format.dateTime(notice.readAt) })}
            </Text>
          ) : (
            <Badge color="red.9" variant="filled" data-testid="notification-state">
              {t('unread')}
            </Badge>
          )}
        </Group>
        <Text data-testid="notification-text">{notice.text}</Text>
        <ErrorAlert error={markRead.error} />
        <Group gap="sm">
          {notice.clientId && (
            <Anchor component={Link} to={`/clients/${notice.clientId}`} data-testid="notification-client">
              {t('openRecord')}
            </Anchor>
          )}
          {!notice.readAt && (
            <Button
              size="xs"
              variant="default"
              loading={markRead.isPending}
              onClick={() => markRead.mutate()}
              aria-label={t('markReadOf', { time })}
              data-testid="notification-mark-read"
            >
              {t('markRead')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
