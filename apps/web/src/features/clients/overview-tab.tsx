import type { ReactNode } from 'react';
import { Group, SimpleGrid, Stack, Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { useUser } from '../../auth/session';
import { PhotoEditor } from '../photo/photo-editor';
import { useFormat } from '../../i18n/format';
import { clientPartKey, may, type AnyClient } from './client-data';
import { clientLists } from './client-lists';
import { EpisodeActions, manage } from './manage-tab';
import { Empty, Facts, Pending, Section, StatusBadge } from './parts';
import './messages';
import { DataTable } from '../../ui/data-table';

/** Identity (the fields of the caller's view only), status, episodes (with discharge or readmission) and care team. */
export function OverviewTab({ client }: { client: AnyClient }) {
  const user = useUser();
  return (
    <Stack gap="xl">
      <Identity client={client} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="xl">
        <Episodes clientId={client.id} />
        <CareTeam clientId={client.id} />
      </SimpleGrid>
      {manage.episodes(user) && <EpisodeActions client={client} />}
    </Stack>
  );
}

function Identity({ client }: { client: AnyClient }) {
  const { t } = useTranslation('clients');
  const format = useFormat();
  const user = useUser();
  const rows: Array<{ key: string; label: string; value: ReactNode }> = [];
  const add = (key: keyof AnyClient | 'name', value: ReactNode) => rows.push({ key, label: t(`field.${key}`), value: value ?? '—' });
  add('code', client.code);
  if (client.givenName !== undefined || client.familyName !== undefined) add('name', format.name(client));
  if (client.preferredName !== undefined) add('preferredName', client.preferredName);
  if (client.dateOfBirth !== undefined) add('dateOfBirth', format.date(client.dateOfBirth));
  if (client.sex !== undefined) add('sex', t(`common:sex.${client.sex}`));
  if (client.preferredLanguage !== undefined) add('preferredLanguage', t(`language.${client.preferredLanguage}`));
  if (client.phone !== undefined) add('phone', client.phone);
  if (client.email !== undefined) add('email', client.email);
  if (client.nationalId !== undefined) add('nationalId', client.nationalId);
  if (client.status !== undefined) add('status', <StatusBadge status={client.status} />);
  return (
    <Section title={t('overview.identity')}>
      <Group align="flex-start" gap="xl">
        {client.givenName !== undefined && (
          <PhotoEditor
            clientId={client.id}
            hasPhoto={(client as { hasPhoto?: boolean }).hasPhoto}
            name={format.name(client)}
            editable={may.takePhoto(user)}
          />
        )}
        <Facts rows={rows} testId="identity" />
      </Group>
    </Section>
  );
}

function Episodes({ clientId }: { clientId: string }) {
  const { t } = useTranslation('clients');
  const format = useFormat();
  const episodes = useQuery({
    queryKey: clientPartKey(clientId, 'episodes'),
    queryFn: () => ok(api.GET('/api/v1/clients/{id}/episodes', { params: { path: { id: clientId } } })),
  });
  return (
    <Section title={t('overview.episodes')} testId="episodes">
      {!episodes.data ? (
        <Pending error={episodes.error} />
      ) : episodes.data.length === 0 ? (
        <Empty>{t('overview.noEpisodes')}</Empty>
      ) : (
        <DataTable>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('overview.start')}</Table.Th>
              <Table.Th scope="col">{t('overview.end')}</Table.Th>
              <Table.Th scope="col">{t('overview.endReason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {episodes.data.map((episode) => (
              <Table.Tr key={episode.id} data-testid="episode">
                <Table.Td>{format.date(episode.startDate)}</Table.Td>
                <Table.Td>{episode.endDate ? format.date(episode.endDate) : t('overview.ongoing')}</Table.Td>
                <Table.Td>{episode.endReason ? t(`endReason.${episode.endReason}`) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
    </Section>
  );
}

function CareTeam({ clientId }: { clientId: string }) {
  const { t } = useTranslation('clients');
  const format = useFormat();
  const team = useQuery({
    queryKey: clientPartKey(clientId, 'care-team'),
    queryFn: () => clientLists.careTeam(clientId),
  });
  return (
    <Section title={t('overview.careTeam')} testId="care-team">
      {!team.data ? (
        <Pending error={team.error} />
      ) : team.data.length === 0 ? (
        <Empty>{t('overview.noCareTeam')}</Empty>
      ) : (
        <DataTable>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('overview.member')}</Table.Th>
              <Table.Th scope="col">{t('overview.role')}</Table.Th>
              <Table.Th scope="col">{t('overview.since')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {team.data.map((member) => (
              <Table.Tr key={`${member.staffId}-${member.role}`} data-testid="care-team-member">
                <Table.Td>{member.displayName}</Table.Td>
                <Table.Td>{t(`common:role.${member.role}`)}</Table.Td>
                <Table.Td>{format.dateTime(member.addedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
    </Section>
  );
}
