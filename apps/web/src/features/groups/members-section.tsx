import { useId, useState } from 'react';
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { Done, Loading } from '../../ui/feedback';
import { AddMemberForm } from './add-member-form';
import { groupKeys, useMembers, type Member, type PeerGroup } from './groups-api';
import { TOUCH } from './touch';

/** The group's members by code and preferred name; the coordinator adds and removes them. */
export function MembersSection({ group, manage }: { group: PeerGroup; manage: boolean }) {
  const { t } = useTranslation('groups');
  const format = useFormat();
  const headingId = useId();
  const members = useMembers(group.id);
  const [done, setDone] = useState<string | null>(null);
  const count = members.data?.length ?? 0;

  return (
    <Stack component="section" aria-labelledby={headingId} gap="sm">
      <Group justify="space-between" align="baseline">
        <Title order={4} id={headingId}>
          {t('members.title')}
        </Title>
        {members.data && (
          <Text size="sm" c="dimmed" data-testid="member-count">
            {t('members.count', { count, number: format.number(count) })}
          </Text>
        )}
      </Group>
      {!manage && (
        <Text size="sm" c="dimmed">
          {t('members.privacy')}
        </Text>
      )}
      <ErrorAlert error={members.error} />
      {members.isPending && <Loading />}
      <Done testId="member-done">{done}</Done>
      {members.data?.length === 0 && <Text>{t('members.none')}</Text>}
      {count > 0 && (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
          {members.data?.map((member) => (
            <MemberRow key={member.clientId} group={group} member={member} manage={manage} onRemoved={setDone} />
          ))}
        </Stack>
      )}
      {manage && <AddMemberForm group={group} members={members.data ?? []} onAdded={setDone} />}
    </Stack>
  );
}

function MemberRow({
  group,
  member,
  manage,
  onRemoved,
}: {
  group: PeerGroup;
  member: Member;
  manage: boolean;
  onRemoved: (message: string) => void;
}) {
  const { t } = useTranslation('groups');
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () =>
      ok(api.DELETE('/api/v1/peer-groups/{id}/members/{clientId}', { params: { path: { id: group.id, clientId: member.clientId } } })),
    onSuccess: async () => {
      onRemoved(t('members.removed', { code: member.code }));
      await queryClient.invalidateQueries({ queryKey: groupKeys.members(group.id) });
    },
  });

  return (
    <Paper component="li" withBorder p="sm" data-testid={`member-${member.clientId}`}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <div>
          <Text fw={600}>{member.code}</Text>
          <Text c={member.preferredName ? undefined : 'dimmed'}>{member.preferredName ?? t('members.noPreferredName')}</Text>
        </div>
        {manage && !confirming && (
          <Button
            size={TOUCH}
            variant="default"
            onClick={() => setConfirming(true)}
            aria-label={t('members.removeLabel', { code: member.code })}
          >
            {t('members.remove')}
          </Button>
        )}
      </Group>
      {confirming && (
        <Stack gap="xs" mt="sm">
          <Text>{t('members.confirmRemove', { code: member.code })}</Text>
          <ErrorAlert error={remove.error} />
          <Group gap="sm" wrap="wrap">
            <Button size={TOUCH} color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('members.confirm')}
            </Button>
            <Button size={TOUCH} variant="default" onClick={() => setConfirming(false)}>
              {t('common:action.cancel')}
            </Button>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}
