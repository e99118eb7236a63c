import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { NS } from './messages';

type ReminderStatus = Schemas['ReminderDto']['status'];

// Filled badges with enough contrast for small bold text (WCAG AA): dark shades take white text, light yellow dark text.
const STATUS_COLOR: Record<ReminderStatus, string> = {
  scheduled: 'blue.9',
  held: 'yellow.4',
  sent: 'teal.9',
  failed: 'red.9',
  cancelled: 'gray.7',
};

export function ReminderStatusBadge({ status }: { status: ReminderStatus }) {
  const { t } = useTranslation(NS);
  return (
    <Badge color={STATUS_COLOR[status]} autoContrast miw="max-content" data-testid="reminder-status">
      {t(`reminderStatus.${status}`)}
    </Badge>
  );
}

/** A reminder's last error code in words (the code itself when it is new to this app). */
export function useReminderError(): (code: string | null) => string {
  const { t } = useTranslation(NS);
  // An SMS provider's own code (ALIYUN:…, TENCENT:…) is shown as it said it.
  return (code) =>
    !code ? '—' : code.includes(':') ? t('reminderError.provider', { code }) : t(`reminderError.${code}`, { defaultValue: code });
}
