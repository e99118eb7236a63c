import { Badge, Button } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { loadNotices, NOTIFICATIONS_KEY, NOTICES_SHOWN } from './notifications-api';

/** The header's way to one's own notices, with how many of the newest are unread. */
export function NotificationsLink() {
  const { t } = useTranslation();
  const notices = useQuery({ queryKey: [...NOTIFICATIONS_KEY, 'first'], queryFn: () => loadNotices() });
  const unread = (notices.data?.items ?? []).filter((notice) => notice.readAt === null).length;
  const shown = unread >= NOTICES_SHOWN && notices.data?.nextCursor ? `${unread}+` : String(unread);
  return (
    <Button
      component={Link}
      to="/notifications"
      variant="subtle"
      size="xs"
      data-testid="notifications-link"
      rightSection={
        unread > 0 ? (
          <Badge
            size="sm"
            color="red.9"
            variant="filled"
            circle={unread < 10}
            data-testid="notifications-unread"
            title={t('nav.notificationsUnread', { count: shown })}
          >
            {shown}
          </Badge>
        ) : undefined
      }
    >
      {t('nav.notifications')}
    </Button>
  );
}
