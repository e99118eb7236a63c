import { Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { clientPartKey, type AnyClient } from './client-data';
import { Empty, Pending, Section } from './parts';
import './messages';
import { DataTable } from '../../ui/data-table';

/** The peer groups the client belongs or belonged to, with their attendance. */
export function GroupsTab({ client }: { client: AnyClient }) {
  const { t } = useTranslation('clients');
  const format = useFormat();
  const groups = useQuery({
    queryKey: clientPartKey(client.id, 'groups'),
    queryFn: () => ok(api.GET('/api/v1/clients/{id}/peer-groups', { params: { path: { id: client.id } } })),
  });
  return (
    <Section title={t('groups.title')} testId="groups">
      {!groups.data ? (
        <Pending error={groups.error} />
      ) : groups.data.length === 0 ? (
        <Empty>{t('groups.empty')}</Empty>
      ) : (
        <DataTable minWidth={560}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('groups.group')}</Table.Th>
              <Table.Th scope="col">{t('groups.joined')}</Table.Th>
              <Table.Th scope="col">{t('groups.left')}</Table.Th>
              <Table.Th scope="col">{t('groups.attendance')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups.data.map((membership) => (
              <Table.Tr key={`${membership.groupId}-${membership.joinedAt}`} data-testid="membership">
                <Table.Td>{membership.groupName}</Table.Td>
                <Table.Td>{format.dateTime(membership.joinedAt)}</Table.Td>
                <Table.Td>{membership.leftAt ? format.dateTime(membership.leftAt) : t('groups.current')}</Table.Td>
                <Table.Td>
                  {t('groups.attendanceValue', {
                    present: format.number(membership.attendance.filter((record) => record.status === 'present').length),
                    total: format.number(membership.attendance.length),
                  })}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
    </Section>
  );
}
