import { useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { groupKeys, WEEKDAYS, type PeerGroup, type Weekday } from './groups-api';
import { TOUCH } from './touch';

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

  const create = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/v1/peer-groups', {
          body: {
            name: name.trim(),
            leaderIds,
            meetingDay: meetingDay || undefined,
            meetingTime: meetingTime || undefined,
            location: location.trim() || undefined,
          },
        }),
      ),
    onSuccess: async (group) => {
      await queryClient.invalidateQueries({ queryKey: groupKeys.all });
      onCreated(group);
    },
  });
  const fieldError = useFieldErrors(create.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <Paper withBorder p="md" bg="gray.0">
      <form onSubmit={submit} aria-label={t('newGroup.title')}>
        <Stack gap="sm">
          <Title order={3}>{t('newGroup.title')}</Title>
          <ErrorAlert error={create.error ?? leadersError} />
          <TextInput
            size={TOUCH}
            name="name"
            label={t('newGroup.name')}
            description={t('newGroup.nameHint')}
            required
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={fieldError('name')}
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
          <TextInput
            size={TOUCH}
            type="time"
            name="meetingTime"
            label={t('newGroup.meetingTime')}
            value={meetingTime}
            onChange={(event) => setMeetingTime(event.currentTarget.value)}
            error={fieldError('meetingTime')}
          />
          <TextInput
            size={TOUCH}
            name="location"
            label={t('newGroup.location')}
            maxLength={200}
            value={location}
            onChange={(event) => setLocation(event.currentTarget.value)}
            error={fieldError('location')}
          />
          <Group gap="sm" wrap="wrap">
            <Button size={TOUCH} type="submit" loading={create.isPending} disabled={leaderIds.length === 0}>
              {t('newGroup.submit')}
            </Button>
            <Button size={TOUCH} variant="default" onClick={onCancel}>
              {t('common:action.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
