import { useState, type FormEvent } from 'react';
import { Alert, Checkbox, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { useLengthLimit } from '../../ui/length-limit';
import { FormFooter } from '../../ui/form-footer';
import { groupKeys, WEEKDAYS, type PeerGroup, type Weekday } from './groups-api';
import { TOUCH } from './touch';
import { TimeField } from '../../ui/time-field';

type GroupBody = Schemas['CreatePeerGroupDto'];

/** Coordinator: POST /peer-groups with a name, leaders (the clinic's active peer leaders), and when and where it meets. */
export function NewGroupForm({
  leaders,
  leadersError,
  onCancel,
  onCreated,
}: {
  leaders: Schemas['StaffDto'][];
  leadersError: unknown;
  onCancel: () => void;
  onCreated: (group: PeerGroup) => void;
}) {
  const { t } = useTranslation('groups');
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [leaderIds, setLeaderIds] = useState<string[]>([]);
  const [meetingDay, setMeetingDay] = useState<Weekday | ''>('');
  const [meetingTime, setMeetingTime] = useState('');
  const [location, setLocation] = useState('');
  const active = leaders.filter((leader) => leader.active);

  const create = useIdempotentCreate((body: GroupBody, header) => api.POST('/api/v1/peer-groups', { params: { header }, body }), {
    onSuccess: async (group) => {
      await queryClient.invalidateQueries({ queryKey: groupKeys.all });
      onCreated(group);
    },
  });
  const fieldError = useFieldErrors(create.error);
  const limit = useLengthLimit();

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({
      name: name.trim(),
      leaderIds,
      meetingDay: meetingDay || undefined,
      meetingTime: meetingTime || undefined,
      location: location.trim() || undefined,
    });
  }

  return (
    <Paper withBorder p="md" bg="gray.0">
      <form noValidate onSubmit={submit} aria-label={t('newGroup.title')}>
        <Stack gap="sm">
          <Title order={3}>{t('newGroup.title')}</Title>
          <ErrorAlert error={create.error ?? leadersError} />
          <TextInput
            size={TOUCH}
            name="name"
            label={t('newGroup.name')}
            required
            {...limit(name, 100, { hint: t('newGroup.nameHint'), error: fieldError('name') })}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <Checkbox.Group
            label={t('newGroup.leaders')}
            description={t('newGroup.leadersHint')}
            withAsterisk
            value={leaderIds}
            onChange={setLeaderIds}
            error={fieldError('leaderIds')}
          >
            <Stack gap="xs" mt="xs">
              {active.map((leader) => (
                <Checkbox.Card key={leader.id} value={leader.id} withBorder p="md" radius="md">
                  <Group wrap="nowrap" gap="md">
                    <Checkbox.Indicator size="md" />
                    <Text>
                      {leader.displayName} · {leader.username}
                    </Text>
                  </Group>
                </Checkbox.Card>
              ))}
            </Stack>
          </Checkbox.Group>
          {active.length === 0 && !leadersError && (
            <Alert color="gray" role="status">
              {t('newGroup.noLeaders')}
            </Alert>
          )}
          <NativeSelect
            size={TOUCH}
            name="meetingDay"
            label={t('newGroup.meetingDay')}
            value={meetingDay}
            onChange={(event) => setMeetingDay(event.currentTarget.value as Weekday | '')}
            data={[{ value: '', label: t('newGroup.noDay') }, ...WEEKDAYS.map((day) => ({ value: day, label: t(`day.${day}`) }))]}
            error={fieldError('meetingDay')}
          />
          <TimeField
            size={TOUCH}
            name="meetingTime"
            label={t('newGroup.meetingTime')}
            value={meetingTime}
            onChange={setMeetingTime}
            error={fieldError('meetingTime')}
            testId="group-meeting-time"
          />
          <TextInput
            size={TOUCH}
            name="location"
            label={t('newGroup.location')}
            {...limit(location, 200, { error: fieldError('location') })}
            value={location}
            onChange={(event) => setLocation(event.currentTarget.value)}
          />
          <FormFooter
            submit={t('newGroup.submit')}
            pending={create.isPending}
            disabled={leaderIds.length === 0}
            size={TOUCH}
            onCancel={onCancel}
          />
        </Stack>
      </form>
    </Paper>
  );
}
