import { useState, type FormEvent } from 'react';
import { Paper, Stack, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { todayIso } from '../../i18n/clinic-time';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { useLengthLimit } from '../../ui/length-limit';
import { FormFooter } from '../../ui/form-footer';
import { groupKeys, type PeerGroup } from './groups-api';
import { TOUCH } from './touch';
import { DateField } from '../../ui/date-field';
import { TimeField } from '../../ui/time-field';

type MeetingBody = Schemas['CreateMeetingDto'];

/** POST /peer-groups/:id/meetings: a date, a start time (the group's usual one by default) and a topic. */
export function NewMeetingForm({
  group,
  onCancel,
  onCreated,
}: {
  group: PeerGroup;
  onCancel: () => void;
  onCreated: (message: string) => void;
}) {
  const { t } = useTranslation('groups');
  const format = useFormat();
  const queryClient = useQueryClient();
  const timeZone = useClinicTimeZone();
  const [date, setDate] = useState(() => todayIso(timeZone));
  const [startsAt, setStartsAt] = useState(group.meetingTime ?? '');
  const [topic, setTopic] = useState('');
  const create = useIdempotentCreate(
    (body: MeetingBody, header) => api.POST('/api/v1/peer-groups/{id}/meetings', { params: { path: { id: group.id }, header }, body }),
    {
      onSuccess: async (meeting) => {
        await queryClient.invalidateQueries({ queryKey: groupKeys.meetings(group.id) });
        onCreated(t('newMeeting.created', { date: format.date(meeting.date) }));
      },
    },
  );
  const fieldError = useFieldErrors(create.error);
  const limit = useLengthLimit();

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ date, startsAt: startsAt || undefined, topic: topic.trim() || undefined });
  }

  return (
    <Paper withBorder p="md" bg="gray.0">
      <form noValidate onSubmit={submit} aria-label={t('newMeeting.title')}>
        <Stack gap="sm">
          <Title order={5}>{t('newMeeting.title')}</Title>
          <ErrorAlert error={create.error} />
          <DateField
            size={TOUCH}
            name="date"
            label={t('newMeeting.date')}
            description={t('newMeeting.dateHint')}
            required
            value={date || null}
            onChange={(day) => setDate(day ?? '')}
            error={fieldError('date')}
            testId="meeting-date"
          />
          <TimeField
            size={TOUCH}
            name="startsAt"
            label={t('newMeeting.startsAt')}
            value={startsAt}
            onChange={setStartsAt}
            error={fieldError('startsAt')}
            testId="meeting-starts-at"
          />
          <TextInput
            size={TOUCH}
            name="topic"
            label={t('newMeeting.topic')}
            {...limit(topic, 500, { hint: t('newMeeting.topicHint'), error: fieldError('topic') })}
            value={topic}
            onChange={(event) => setTopic(event.currentTarget.value)}
          />
          <FormFooter submit={t('newMeeting.submit')} pending={create.isPending} size={TOUCH} onCancel={onCancel} />
        </Stack>
      </form>
    </Paper>
  );
}
