import { Accordion, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { can, useUser } from '../../auth/session';
import { ErrorAlert } from '../../ui/errors';
import { Loading } from '../../ui/feedback';
import { GroupPanel } from './group-panel';
import { useGroups, useLeaders } from './groups-api';
import './messages';
import { NewGroupForm } from './new-group-form';
import { scheduleOf } from './schedule';
import { TOUCH } from './touch';

/**
 * Peer groups: a peer leader's own groups, or all of the coordinator's clinic.
 * One group is open at a time (`?group=` keeps it across a reload); its
 * members and meetings are read only when it is opened.
 */
export default function GroupsPage() {
  const { t } = useTranslation('groups');
  const user = useUser();
  // Who manages groups (the coordinator) sees every group of the clinic and opens new ones; a leader sees their own.
  const coordinator = can(user, 'peer_group.manage');
  const groups = useGroups();
  const leaders = useLeaders(user.clinicId, can(user, 'staff.read'));
  const [params, setParams] = useSearchParams();
  const [creating, creation] = useDisclosure(false);
  const openGroup = params.get('group');

  const select = (groupId: string | null) => setParams(groupId ? { group: groupId } : {}, { replace: true });

  return (
    <Stack gap="md" maw={760}>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{coordinator ? t('title') : t('titleLeader')}</Title>
        {coordinator && !creating && (
          <Button size={TOUCH} onClick={creation.open}>
            {t('newGroup.open')}
          </Button>
        )}
      </Group>
      {creating && (
        <NewGroupForm
          leaders={leaders.data ?? []}
          leadersError={leaders.error}
          onCancel={creation.close}
          onCreated={(group) => {
            creation.close();
            select(group.id);
          }}
        />
      )}
      <ErrorAlert error={groups.error} />
      {groups.isPending && <Loading />}
      {groups.data?.length === 0 && <Text>{coordinator ? t('none') : t('noneLeader')}</Text>}
      <Accordion value={openGroup} onChange={select} order={3} variant="separated" chevronPosition="right">
        {groups.data?.map((group) => (
          <Accordion.Item key={group.id} value={group.id} data-testid={`group-${group.id}`}>
            <Accordion.Control mih={56}>
              <Text fw={600} size="lg">
                {group.name}
              </Text>
              <Text size="sm" c="dimmed">
                {scheduleOf(group, t)}
              </Text>
            </Accordion.Control>
            <Accordion.Panel>{openGroup === group.id && <GroupPanel group={group} leaders={leaders.data} />}</Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Stack>
  );
}
