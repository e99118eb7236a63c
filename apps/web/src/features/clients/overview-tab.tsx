import type { ReactNode } from 'react';
import { Group, SimpleGrid, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { useUser } from '../../auth/session';
import { PhotoEditor } from '../photo/photo-editor';
import { useFormat } from '../../i18n/format';
import { clientPartKey, may, type AnyClient } from './client-data';
import { CareTeamTable } from './care-team-table';
import { EpisodeActions, manage } from './manage-tab';
import { Facts, Section, StatusBadge, Listed } from './parts';
import './messages';
import { ColumnTable } from '../../ui/column-table';

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
      <Listed items={episodes.data} error={episodes.error} empty={t('overview.noEpisodes')}>
        {(list) => (
          <ColumnTable
            striped={false}
            rows={list}
            rowKey={(episode) => episode.id}
            rowAttributes={() => ({ 'data-testid': 'episode' })}
            columns={[
              { header: t('overview.start'), cell: (episode) => format.date(episode.startDate) },
              { header: t('overview.end'), cell: (episode) => (episode.endDate ? format.date(episode.endDate) : t('overview.ongoing')) },
              { header: t('overview.endReason'), cell: (episode) => (episode.endReason ? t(`endReason.${episode.endReason}`) : '—') },
            ]}
          />
        )}
      </Listed>
    </Section>
  );
}

function CareTeam({ clientId }: { clientId: string }) {
  const { t } = useTranslation('clients');
  const format = useFormat();
  return (
    <Section title={t('overview.careTeam')} testId="care-team">
      <CareTeamTable
        clientId={clientId}
        rowAttributes={() => ({ 'data-testid': 'care-team-member' })}
        last={{ header: t('overview.since'), cell: (member) => format.dateTime(member.addedAt) }}
      />
    </Section>
  );
}
