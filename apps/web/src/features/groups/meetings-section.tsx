import { useId, useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { todayIso } from '../../i18n/clinic-time';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { Done, Loading } from '../../ui/feedback';
import { useMeetings, type Meeting, type PeerGroup } from './groups-api';
import { MeetingSeriesForm } from './meeting-series-form';
import { NewMeetingForm } from './new-meeting-form';
import { TOUCH } from './touch';

/** The group's meetings, newest first, each leading to its attendance grid; a new meeting for the leader or coordinator. */
export function MeetingsSection({ group }: { group: PeerGroup }) {
  const { t } = useTranslation('groups');
  const headingId = useId();
  const meetings = useMeetings(group.id);
  const [creating, creation] = useDisclosure(false);
  const [planning, plan] = useDisclosure(false);
  const hasSchedule = Boolean(group.meetingDay && group.meetingTime);
  const [done, setDone] = useState<string | null>(null);
  const items = meetings.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack component="section" aria-labelledby={headingId} gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Title order={4} id={headingId}>
          {t('meetings.title')}
        </Title>
        <Group gap="xs" wrap="wrap">
          {!planning && hasSchedule && (
            <Button
              size={TOUCH}
              variant="light"
              onClick={() => {
                creation.close();
                plan.open();
              }}
              data-testid="series-open"
            >
              {t('series.open')}
            </Button>
          )}
          {!creating && (
            <Button
              size={TOUCH}
              variant="light"
              onClick={() => {
                plan.close();
                creation.open();
              }}
            >
              {t('newMeeting.open')}
            </Button>
          )}
        </Group>
      </Group>
      {!hasSchedule && (
        <Text size="sm" c="dimmed" data-testid="series-needs-schedule">
          {t('series.needsSchedule')}
        </Text>
      )}
      {planning && (
        <MeetingSeriesForm
          group={group}
          onCancel={plan.close}
          onCreated={(message) => {
            setDone(message);
            plan.close();
          }}
        />
      )}
      {creating && (
        <NewMeetingForm
          group={group}
          onCancel={creation.close}
          onCreated={(message) => {
            setDone(message);
            creation.close();
          }}
        />
      )}
      <Done testId="meeting-done">{done}</Done>
      <ErrorAlert error={meetings.error} />
      {meetings.isPending && <Loading />}
      {meetings.data && items.length === 0 && <Text>{t('meetings.none')}</Text>}
      {items.length > 0 && (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
          {items.map((meeting) => (
            <MeetingRow key={meeting.id} group={group} meeting={meeting} />
          ))}
        </Stack>
      )}
      {meetings.hasNextPage && (
        <Button size={TOUCH} variant="default" loading={meetings.isFetchingNextPage} onClick={() => void meetings.fetchNextPage()}>
          {t('common:action.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

function MeetingRow({ group, meeting }: { group: PeerGroup; meeting: Meeting }) {
  const { t } = useTranslation('groups');
  const format = useFormat();
  const timeZone = useClinicTimeZone();
  const today = todayIso(timeZone);
  const date = format.date(meeting.date);
  return (
    <Paper component="li" withBorder p="sm" data-testid={`meeting-${meeting.id}`}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <div>
          <Group gap="xs">
            <Text fw={600}>{meeting.startsAt ? t('meeting.whenAt', { date, time: meeting.startsAt }) : date}</Text>
            {meeting.date > today && (
              <Badge variant="light" color="gray">
                {t('meetings.upcoming')}
              </Badge>
            )}
            {meeting.date === today && <Badge variant="light">{t('meetings.today')}</Badge>}
          </Group>
          <Text size="sm" c={meeting.topic ? undefined : 'dimmed'}>
            {meeting.topic ?? t('meetings.noTopic')}
          </Text>
        </div>
        <Button
          size={TOUCH}
          component={Link}
          to={`/groups/${group.id}/meetings/${meeting.id}`}
          aria-label={t('meetings.attendanceLabel', { date })}
        >
          {t('meetings.attendance')}
        </Button>
      </Group>
    </Paper>
  );
}
