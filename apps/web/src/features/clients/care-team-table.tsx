import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { ColumnTable, type Column, type RowAttributes } from '../../ui/column-table';
import { clientPartKey } from './client-data';
import { clientLists } from './client-lists';
import { Listed } from './parts';

type CareTeamMember = Schemas['CareTeamMemberDto'];

/** The client's care team, as the overview and the sessions tab share it (one cache entry). */
export function useCareTeam(clientId: string) {
  return useQuery({ queryKey: clientPartKey(clientId, 'care-team'), queryFn: () => clientLists.careTeam(clientId) });
}

/**
 * The client's care team as a table: each member's name and role, then the column the screen adds (since when on
 * the overview, the remove button where the team is managed).
 */
export function CareTeamTable({
  clientId,
  last,
  rowAttributes,
}: {
  clientId: string;
  last: Column<CareTeamMember>;
  rowAttributes: (member: CareTeamMember) => RowAttributes;
}) {
  const { t } = useTranslation('clients');
  const team = useCareTeam(clientId);
  return (
    <Listed items={team.data} error={team.error} empty={t('overview.noCareTeam')}>
      {(list) => (
        <ColumnTable
          striped={false}
          rows={list}
          rowKey={(member) => `${member.staffId}-${member.role}`}
          rowAttributes={rowAttributes}
          columns={[
            { header: t('overview.member'), cell: (member) => member.displayName },
            { header: t('overview.role'), cell: (member) => t(`common:role.${member.role}`) },
            last,
          ]}
        />
      )}
    </Listed>
  );
}
