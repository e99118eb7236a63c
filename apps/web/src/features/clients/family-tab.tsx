import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { useUser } from '../../auth/session';
import { useFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { Done } from '../../ui/feedback';
import { clientPartKey, may, type AnyClient } from './client-data';
import { ContactForm, EditContactForm, InteractionForm } from './family-forms';
import { Facts, Section, Listed } from './parts';
import './messages';
import { ColumnTable } from '../../ui/column-table';
import { LoadMore } from '../../ui/load-more';

export type FamilyContact = Schemas['FamilyContactDto'];

/** The client's family and other natural supports, and the clinic's contacts with each. */
export function FamilyTab({ client }: { client: AnyClient }) {
  const { t } = useTranslation('clients');
  const user = useUser();
  const contacts = useInfiniteQuery({
    queryKey: clientPartKey(client.id, 'family'),
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/api/v1/clients/{id}/family-contacts', { params: { path: { id: client.id }, query: { cursor: pageParam ?? undefined } } }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = contacts.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="xl">
      <Section title={t('family.title')} testId="family">
        <Listed items={contacts.data && items} error={contacts.error} empty={t('family.empty')}>
          {(list) => (
            <Stack>
              {list.map((contact) => (
                <ContactCard key={contact.id} clientId={client.id} contact={contact} canWrite={may.writeFamily(user)} />
              ))}
              <ErrorAlert error={contacts.error} />
              <LoadMore pages={contacts} />
            </Stack>
          )}
        </Listed>
      </Section>
      {may.writeFamily(user) && <ContactForm clientId={client.id} />}
    </Stack>
  );
}

function ContactCard({ clientId, contact, canWrite }: { clientId: string; contact: FamilyContact; canWrite: boolean }) {
  const { t } = useTranslation('clients');
  const yesNo = (value: boolean | null) => (value === null ? t('notKnown') : value ? t('yes') : t('no'));
  const [editing, setEditing] = useState(false);
  const [edited, setEdited] = useState(false);
  return (
    <Paper withBorder p="md" component="article" data-testid="family-contact">
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={4} data-testid="family-contact-name">
            {contact.name}
          </Title>
          <Text c="dimmed">{contact.relationship}</Text>
          <Badge color={contact.contactable ? 'teal.9' : 'gray.7'} variant="filled" data-testid="family-contactable">
            {contact.contactable ? t('family.contactable') : t('family.notContactable')}
          </Badge>
          {canWrite && !editing && (
            <Button
              size="xs"
              variant="default"
              ml="auto"
              aria-label={t('family.editLabel', { name: contact.name })}
              onClick={() => {
                setEdited(false);
                setEditing(true);
              }}
              data-testid="contact-edit"
            >
              {t('family.edit')}
            </Button>
          )}
        </Group>
        {editing && (
          <EditContactForm
            clientId={clientId}
            contact={contact}
            onDone={(saved) => {
              setEditing(false);
              setEdited(saved);
            }}
          />
        )}
        <Done testId="contact-edited">{edited ? t('family.edited') : null}</Done>
        {!contact.contactable && (
          <Text size="sm" data-testid="family-why-not">
            {contact.mayContact ? t('family.noConsent') : t('family.noPermission')}
          </Text>
        )}
        <Facts
          rows={[
            { key: 'phone', label: t('family.phone'), value: contact.phone ?? '—' },
            { key: 'mayContact', label: t('family.mayContact'), value: yesNo(contact.mayContact) },
            { key: 'livesWithClient', label: t('family.livesWithClient'), value: yesNo(contact.livesWithClient) },
            { key: 'notes', label: t('family.notes'), value: contact.notes ?? '—' },
          ]}
        />
        <Interactions clientId={clientId} contact={contact} />
        {canWrite && <InteractionForm clientId={clientId} contact={contact} />}
      </Stack>
    </Paper>
  );
}

function Interactions({ clientId, contact }: { clientId: string; contact: FamilyContact }) {
  const { t } = useTranslation('clients');
  const format = useFormat();
  const interactions = useInfiniteQuery({
    queryKey: clientPartKey(clientId, 'family', contact.id, 'interactions'),
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/api/v1/clients/{id}/family-contacts/{fid}/interactions', {
          params: { path: { id: clientId, fid: contact.id }, query: { cursor: pageParam ?? undefined } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = interactions.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap={6}>
      <Text fw={600} size="sm" component="h5" m={0}>
        {t('family.interactions')}
      </Text>
      <Listed items={interactions.data && items} error={interactions.error} empty={t('family.noInteractions')}>
        {(list) => (
          <ColumnTable
            striped={false}
            testId="interactions"
            rows={list}
            rowKey={(interaction) => interaction.id}
            rowAttributes={() => ({ 'data-testid': 'interaction' })}
            columns={[
              { header: t('family.date'), cell: (interaction) => format.date(interaction.date) },
              { header: t('family.channel'), cell: (interaction) => t(`channel.${interaction.channel}`) },
              {
                header: t('family.initiatedBy'),
                testId: 'interaction-initiator-cell',
                cell: (interaction) => t(`family.initiator.${interaction.initiatedBy}`),
              },
              { header: t('family.summary'), cell: (interaction) => interaction.summary ?? '—' },
            ]}
          />
        )}
      </Listed>
      <LoadMore pages={interactions} size="xs" />
    </Stack>
  );
}
