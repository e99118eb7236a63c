import { useId, useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorCode } from '../../api/api-error';
import { api, ok, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { useFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { Loading } from '../../ui/feedback';
import { groupKeys, type Member, type PeerGroup } from './groups-api';
import { TOUCH } from './touch';

type Client = Schemas['ClientDto'];
type MemberBody = Schemas['AddMemberDto'];

/** Coordinator: find a client (GET /clients?q=) and add them; a missing peer-support consent is explained. */
export function AddMemberForm({ group, members, onAdded }: { group: PeerGroup; members: Member[]; onAdded: (message: string) => void }) {
  const { t } = useTranslation('groups');
  const headingId = useId();
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState('');
  const results = useQuery({
    queryKey: ['clients', 'search', searched],
    enabled: searched !== '',
    queryFn: () => ok(api.GET('/api/v1/clients', { params: { query: { q: searched, limit: 20 } } })),
  });

  function search(event: FormEvent) {
    event.preventDefault();
    setSearched(query.trim());
  }

  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p="md" bg="gray.0">
      <Stack gap="sm">
        <Title order={5} id={headingId}>
          {t('addMember.title')}
        </Title>
        <form noValidate onSubmit={search}>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              size={TOUCH}
              label={t('addMember.query')}
              description={t('addMember.queryHint')}
              name="q"
              value={query}
              onChange={(event) => setQuery(event.currentTarget.value)}
              style={{ flex: '1 1 14rem' }}
            />
            <Button size={TOUCH} type="submit" variant="default">
              {t('common:action.search')}
            </Button>
          </Group>
        </form>
        <ErrorAlert error={results.error} />
        {results.isFetching && <Loading />}
        {results.data?.items.length === 0 && <Text data-testid="client-results-empty">{t('addMember.noResults')}</Text>}
        {results.data && results.data.items.length > 0 && (
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
            {results.data.items.map((client) => (
              <Candidate
                key={client.id}
                group={group}
                client={client}
                member={members.some((member) => member.clientId === client.id)}
                onAdded={onAdded}
              />
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function Candidate({
  group,
  client,
  member,
  onAdded,
}: {
  group: PeerGroup;
  client: Client;
  member: boolean;
  onAdded: (message: string) => void;
}) {
  const { t } = useTranslation('groups');
  const format = useFormat();
  const queryClient = useQueryClient();
  const add = useIdempotentCreate(
    (body: MemberBody, header) => api.POST('/api/v1/peer-groups/{id}/members', { params: { path: { id: group.id }, header }, body }),
    {
      onSuccess: async () => {
        onAdded(t('addMember.added', { code: client.code }));
        await queryClient.invalidateQueries({ queryKey: groupKeys.members(group.id) });
      },
    },
  );
  const name = format.name(client);

  return (
    <Paper component="li" withBorder p="sm" data-testid={`candidate-${client.id}`}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <div>
          <Text fw={600}>{client.code}</Text>
          <Text size="sm">{[name, client.preferredName].filter(Boolean).join(' · ')}</Text>
          {client.status !== 'active' && <Text size="sm">{t(`common:status.${client.status}`)}</Text>}
        </div>
        {member ? (
          <Badge size="lg" variant="light">
            {t('addMember.alreadyMember')}
          </Badge>
        ) : (
          <Button
            size={TOUCH}
            loading={add.isPending}
            onClick={() => add.mutate({ clientId: client.id })}
            aria-label={t('addMember.addLabel', { code: client.code })}
          >
            {t('addMember.add')}
          </Button>
        )}
      </Group>
      {add.error !== null && errorCode(add.error) === 'CONSENT_REQUIRED' ? (
        <Alert color="red" role="alert" mt="sm" data-testid="consent-required" title={t('common:error.CONSENT_REQUIRED')}>
          {t('addMember.consentRequired', { code: client.code })}
        </Alert>
      ) : (
        add.error !== null && (
          <Stack mt="sm">
            <ErrorAlert error={add.error} />
          </Stack>
        )
      )}
    </Paper>
  );
}
