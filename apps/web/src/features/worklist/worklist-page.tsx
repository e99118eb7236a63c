import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { NS as COORDINATOR_NS } from '../coordinator/messages';
import { QueryState } from '../coordinator/query-state';
import { NS } from './messages';

type Item = Schemas['WorklistItemDto'];

export const WORKLIST_KEY = ['worklist'];

/**
 * Where each item's task is done: the client's record on the tab of the task,
 * the dispensing window, or the reminders page. Tabs another part of the app
 * does not have yet open the record's overview.
 */
export function taskOf(item: Item): string {
  const record = (tab: string) => `/clients/${item.clientId}?tab=${tab}`;
  switch (item.kind) {
    case 'drug_test_due':
      return '/dosing';
    case 'appointment':
      return record('sessions');
    case 'missed_doses':
      return record('dosing');
    case 'positive_test':
      return record('drugTests');
    case 'care_plan_review':
      return record('carePlan');
    case 'consent_expiring':
      return record('consents');
    case 'unassigned_client':
      return record('manage');
    case 'reminder_failed':
      return '/reminders';
    case 'referral_follow_up':
      return record('referrals');
    case 'peer_meeting':
      return `/groups/${String(item.detail.groupId)}/meetings/${String(item.detail.meetingId)}`;
    // Between clinics: the home clinic acts on its client's record, the other clinic at its window or transfers page.
    case 'guest_dosing':
      return item.clientId ? record('manage') : '/dosing';
    case 'transfer_pending':
      return item.clientId ? record('manage') : '/transfers';
  }
}

/** The home screen of clinic staff: what is due today, each item one click from its task. */
export default function WorklistPage() {
  const { t } = useTranslation();
  const words = useTranslation(NS).t;
  const format = useFormat();
  const list = useQuery({ queryKey: WORKLIST_KEY, queryFn: () => ok(api.GET('/api/v1/worklist')) });
  return (
    <Stack gap="md">
      <Group justify="space-between" align="baseline">
        <Title order={2}>{t('nav.today')}</Title>
        {list.data && (
          <Text size="sm" c="dimmed" data-testid="worklist-day">
            {words('day', { day: format.date(list.data.date) })}
          </Text>
        )}
      </Group>
      <Text>{words('intro')}</Text>
      {!list.data ? (
        <QueryState isPending={list.isPending} error={list.error} />
      ) : list.data.items.length === 0 ? (
        <Text data-testid="worklist-empty">{words('none')}</Text>
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="worklist">
          {list.data.items.map((item, index) => (
            <WorklistRow key={`${item.kind}-${item.clientId ?? ''}-${index}`} item={item} day={list.data.date} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function WorklistRow({ item, day }: { item: Item; day: string }) {
  const { t } = useTranslation(NS);
  const kind = t(`kind.${item.kind}`);
  const detail = useDetail()(item);
  const format = useFormat();
  const due =
    item.dueOn < day
      ? t('overdue', { day: format.date(item.dueOn) })
      : item.dueOn > day
        ? t('dueOn', { day: format.date(item.dueOn) })
        : null;
  // A meeting is named by its group; any other item without a client is a notice to staff.
  const subject = item.code ?? (item.kind === 'peer_meeting' ? String(item.detail.groupName) : t('staffNotice'));
  return (
    <Paper component="li" withBorder p="sm" data-testid="worklist-item" data-kind={item.kind} data-code={item.code ?? ''}>
      <Anchor component={Link} to={taskOf(item)} underline="never" c="inherit" display="block" style={{ minHeight: 44 }}>
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Stack gap={2}>
            <Group gap="xs">
              <Badge variant="light" color={item.kind === 'missed_doses' || item.kind === 'positive_test' ? 'red' : 'teal'}>
                {kind}
              </Badge>
              <Text fw={600} data-testid="worklist-code">
                {subject}
              </Text>
            </Group>
            <Text size="sm" data-testid="worklist-detail">
              {detail}
            </Text>
            {due && (
              <Text size="sm" c="dimmed">
                {due}
              </Text>
            )}
          </Stack>
          <Text c="teal.8" fw={600}>
            {t('open')} ›
          </Text>
        </Group>
      </Anchor>
    </Paper>
  );
}

/** An item's detail in words, from its kind and `detail` (ids, dates and counts only). */
function useDetail(): (item: Item) => string {
  const { t } = useTranslation(NS);
  const common = useTranslation('common').t;
  const coordinator = useTranslation(COORDINATOR_NS).t;
  const format = useFormat();
  const timeZone = useClinicTimeZone();
  return (item) => {
    const detail = item.detail as Record<string, string | number | boolean | null | undefined>;
    const text = (key: string): string => {
      const value = detail[key];
      return typeof value === 'string' ? value : '';
    };
    switch (item.kind) {
      case 'appointment': {
        const at = text('at');
        const time = at ? new Intl.DateTimeFormat(format.language, { timeStyle: 'short', timeZone }).format(new Date(at)) : '—';
        return t('detail.appointment', { time });
      }
      case 'missed_doses':
        return t(detail.flag === 'retitrate' ? 'detail.missed_doses_retitrate' : 'detail.missed_doses', {
          count: Number(detail.missedDays ?? 0),
        });
      case 'consent_expiring':
        return t('detail.consent_expiring', { scope: common(`scope.${text('scope')}`), day: format.date(text('validUntil')) });
      case 'unassigned_client':
        return t('detail.unassigned_client', { day: format.date(text('since')) });
      case 'reminder_failed': {
        const error = text('lastErrorCode');
        return t('detail.reminder_failed', {
          reminderKind: coordinator(`reminderKind.${text('reminderKind')}`),
          channel: coordinator(`reminderChannel.${text('channel')}`),
          error: error ? coordinator(`reminderError.${error}`, { defaultValue: error }) : '—',
        });
      }
      case 'guest_dosing':
        return t(`detail.guest_dosing_${text('direction')}`, {
          clinic: text('clinicCode'),
          from: format.date(text('from')),
          until: format.date(text('until')),
        });
      case 'transfer_pending':
        return t(`detail.transfer_pending_${text('direction')}`, { clinic: text('clinicCode') });
      case 'peer_meeting':
        return text('startsAt') ? t('detail.peer_meeting_at', { time: text('startsAt') }) : t('detail.peer_meeting');
      default:
        return t(`detail.${item.kind}`);
    }
  };
}
