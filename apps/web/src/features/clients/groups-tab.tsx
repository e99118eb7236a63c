import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { clientPartKey, type AnyClient } from './client-data';
import { Section, Listed } from './parts';
import './messages';
import { ColumnTable } from '../../ui/column-table';

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
      <Listed items={groups.data} error={groups.error} empty={t('groups.empty')}>
        {(list) => (
          <ColumnTable
            striped={false}
            minWidth={560}
            rows={list}
            rowKey={(membership) => `${membership.groupId}-${membership.joinedAt}`}
            rowAttributes={() => ({ 'data-testid': 'membership' })}
            columns={[
              { header: t('groups.group'), cell: (membership) => membership.groupName },
              { header: t('groups.joined'), cell: (membership) => format.dateTime(membership.joinedAt) },
              {
                header: t('groups.left'),
                cell: (membership) => (membership.leftAt ? format.dateTime(membership.leftAt) : t('groups.current')),
              },
              {
                header: t('groups.attendance'),
                cell: (membership) =>
                  t('groups.attendanceValue', {
                    present: format.number(membership.attendance.filter((record) => record.status === 'present').length),
                    total: format.number(membership.attendance.length),
                  }),
              },
            ]}
          />
        )}
      </Listed>
    </Section>
  );
}
