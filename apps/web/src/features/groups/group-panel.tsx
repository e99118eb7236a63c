import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { can, useUser } from '../../auth/session';
import type { PeerGroup } from './groups-api';
import { MeetingsSection } from './meetings-section';
import { MembersSection } from './members-section';

/** An opened group (its heading says when it meets): where, who leads it, its members and its meetings. */
export function GroupPanel({ group, leaders }: { group: PeerGroup; leaders: Schemas['StaffDto'][] | undefined }) {
  const { t } = useTranslation('groups');
  const user = useUser();
  const names = leaders
    ?.filter((leader) => group.leaderIds.includes(leader.id))
    .map((leader) => leader.displayName)
    .join(', ');
  return (
    <Stack gap="lg">
      {(group.location || names) && (
        <Stack gap={4}>
          {group.location && <Text>{t('schedule.where', { location: group.location })}</Text>}
          {names && <Text data-testid="group-leaders">{t('schedule.leaders', { names })}</Text>}
        </Stack>
      )}
      <MembersSection group={group} manage={can(user, 'peer_group.members.manage')} />
      <MeetingsSection group={group} />
    </Stack>
  );
}
