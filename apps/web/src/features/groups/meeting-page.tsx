import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { Loading } from '../../ui/feedback';
import { AttendanceGrid } from './attendance-grid';
import { useGroup, useMeeting } from './groups-api';
import './messages';
import { TOUCH } from './touch';

/** /groups/:groupId/meetings/:meetingId: the meeting's attendance, one row per member, saved at once. */
export default function MeetingPage() {
  const { t } = useTranslation('groups');
  const format = useFormat();
  const { groupId = '', meetingId = '' } = useParams();
  const group = useGroup(groupId);
  const meeting = useMeeting(groupId, meetingId);
  const date = meeting.data ? format.date(meeting.data.date) : '';

  return (
    <Stack gap="md" maw={760}>
      <div>
        <Button component={Link} to={`/groups?group=${groupId}`} variant="subtle" size={TOUCH} px="xs">
          ← {t('meeting.back')}
        </Button>
      </div>
      <div>
        <Title order={2}>{t('meeting.title')}</Title>
        {group.data && (
          <Text size="lg" fw={600} data-testid="meeting-group">
            {group.data.name}
          </Text>
        )}
        {meeting.data && (
          <>
            <Text data-testid="meeting-when">
              {meeting.data.startsAt ? t('meeting.whenAt', { date, time: meeting.data.startsAt }) : t('meeting.when', { date })}
            </Text>
            {meeting.data.topic && <Text>{t('meeting.topic', { topic: meeting.data.topic })}</Text>}
          </>
        )}
      </div>
      <ErrorAlert error={group.error ?? meeting.error} />
      {(group.isPending || meeting.isPending) && <Loading />}
      {meeting.data === null && (
        <Alert color="gray" role="alert">
          {t('meeting.notFound')}
        </Alert>
      )}
      {group.data && meeting.data && <AttendanceGrid group={group.data} meeting={meeting.data} />}
    </Stack>
  );
}
