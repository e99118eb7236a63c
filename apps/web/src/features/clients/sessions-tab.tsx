import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { useUser } from '../../auth/session';
import { useFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { clientPartKey, may, type AnyClient } from './client-data';
import { useCareTeam } from './care-team-table';
import { Section, Listed } from './parts';
import { SessionForm } from './session-form';
import './messages';
import { LoadMore } from '../../ui/load-more';

/** A session as the API sent it: with `topics` and `notes` for the client's counselor, without those keys for a coordinator. */
type Session = Schemas['CounselingSessionSummaryDto'] & Partial<Pick<Schemas['CounselingSessionDto'], 'topics' | 'notes'>>;

export function SessionsTab({ client }: { client: AnyClient }) {
  const { t } = useTranslation('clients');
  const user = useUser();
  const sessions = useInfiniteQuery({
    queryKey: clientPartKey(client.id, 'sessions'),
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/api/v1/clients/{id}/counseling-sessions', {
          params: { path: { id: client.id }, query: { cursor: pageParam ?? undefined } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items: Session[] = sessions.data?.pages.flatMap((page) => page.items) ?? [];
  const withheld = items.some((session) => !('notes' in session));
  // Sessions name their counselor by id; the care team (same query as the overview) gives the name.
  const team = useCareTeam(client.id);
  const counselorName = (id: string) => team.data?.find((member) => member.staffId === id)?.displayName;

  return (
    <Stack gap="xl">
      {may.logSession(user) && <SessionForm clientId={client.id} />}
      <Section title={t('sessions.title')} testId="sessions">
        <Listed items={sessions.data && items} error={sessions.error} empty={t('sessions.empty')}>
          {(list) => (
            <Stack gap="sm">
              {withheld && (
                <Text size="sm" c="dimmed" data-testid="notes-withheld">
                  {t('sessions.withheld')}
                </Text>
              )}
              {list.map((session) => (
                <SessionCard key={session.id} session={session} counselor={counselorName(session.counselorId)} />
              ))}
              <ErrorAlert error={sessions.error} />
              <LoadMore pages={sessions} />
            </Stack>
          )}
        </Listed>
      </Section>
    </Stack>
  );
}

function SessionCard({ session, counselor }: { session: Session; counselor?: string }) {
  const { t } = useTranslation('clients');
  const format = useFormat();
  return (
    <Paper withBorder p="sm" component="article" data-testid="session">
      <Stack gap={6}>
        <Group gap="sm">
          <Text fw={600}>{format.date(session.date)}</Text>
          <Badge variant="outline" color="dark" data-testid="session-type">
            {t(`sessionType.${session.type}`)}
          </Badge>
          <Text size="sm" data-testid="session-minutes">
            {t('sessions.minutesValue', { count: session.minutes })}
          </Text>
          {counselor && (
            <Text size="sm" c="dimmed" data-testid="session-counselor">
              {t('sessions.by', { name: counselor })}
            </Text>
          )}
        </Group>
        {session.topics && session.topics.length > 0 && (
          <Group gap={6} data-testid="session-topics">
            <Text size="sm" fw={500}>
              {t('sessions.topicsLabel')}
            </Text>
            {session.topics.map((topic, index) => (
              <Badge key={`${index}-${topic}`} variant="outline" color="dark" tt="none">
                {topic}
              </Badge>
            ))}
          </Group>
        )}
        {session.notes && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="session-notes">
            {session.notes}
          </Text>
        )}
        {session.nextAppointmentAt && (
          <Text size="sm" data-testid="session-next">
            {t('sessions.nextAppointmentValue', { time: format.dateTime(session.nextAppointmentAt) })}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
