import { useState } from 'react';
import { Badge, Button, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { useUser } from '../../auth/session';
import { useFormat } from '../../i18n/format';
import { clientPartKey, may, type AnyClient } from './client-data';
import { clientLists } from './client-lists';
import { ConsentForm, RevokeForm } from './consent-forms';
import { Section, Listed } from './parts';
import './messages';
import { DataTable } from '../../ui/data-table';

type Consent = Schemas['ConsentDto'];
const STATUS_COLOR: Record<Consent['status'], string> = { active: 'teal.9', pending: 'blue.9', expired: 'gray.7', revoked: 'red.9' };

/** What the client allows, scope by scope; record and revoke (the client's counselor, the coordinator). */
export function ConsentsTab({ client }: { client: AnyClient }) {
  const { t } = useTranslation('clients');
  const format = useFormat();
  const user = useUser();
  const canRecord = may.recordConsent(user);
  const [revoking, setRevoking] = useState<string | null>(null);
  const consents = useQuery({
    queryKey: clientPartKey(client.id, 'consents'),
    queryFn: () => clientLists.consents(client.id),
  });
  const revokingConsent = consents.data?.find((consent) => consent.id === revoking);

  return (
    <Stack gap="xl">
      <Section title={t('consents.title')} testId="consents">
        <Listed items={consents.data} error={consents.error} empty={t('consents.empty')}>
          {(list) => (
            <DataTable minWidth={720}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('consents.scope')}</Table.Th>
                  <Table.Th scope="col">{t('consents.status')}</Table.Th>
                  <Table.Th scope="col">{t('consents.validFrom')}</Table.Th>
                  <Table.Th scope="col">{t('consents.validUntil')}</Table.Th>
                  <Table.Th scope="col">{t('consents.recordedAt')}</Table.Th>
                  <Table.Th scope="col">{t('consents.note')}</Table.Th>
                  {canRecord && <Table.Th scope="col">{t('consents.actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((consent) => (
                  <Table.Tr key={consent.id} data-testid="consent" data-scope={consent.scope} data-status={consent.status}>
                    <Table.Td>{t(`common:scope.${consent.scope}`)}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOR[consent.status]} variant="filled" miw="max-content" data-testid="consent-status">
                        {t(`consentStatus.${consent.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{format.date(consent.validFrom)}</Table.Td>
                    <Table.Td>{consent.validUntil ? format.date(consent.validUntil) : t('consents.untilRevoked')}</Table.Td>
                    <Table.Td>{format.dateTime(consent.recordedAt)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{consent.note ?? '—'}</Text>
                      {consent.revokedAt && (
                        <Text size="sm" data-testid="consent-revoked">
                          {t('consents.revokedOn', { date: format.dateTime(consent.revokedAt) })}
                          {consent.revokeReason ? `: ${consent.revokeReason}` : ''}
                        </Text>
                      )}
                    </Table.Td>
                    {canRecord && (
                      <Table.Td>
                        {(consent.status === 'active' || consent.status === 'pending') && (
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => setRevoking(revoking === consent.id ? null : consent.id)}
                            aria-expanded={revoking === consent.id}
                            aria-label={t('consents.revokeScope', { scope: t(`common:scope.${consent.scope}`) })}
                            data-testid="consent-revoke"
                          >
                            {t('consents.revoke')}
                          </Button>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
          )}
        </Listed>
        {revokingConsent && <RevokeForm clientId={client.id} consent={revokingConsent} onDone={() => setRevoking(null)} />}
      </Section>
      {canRecord && <ConsentForm clientId={client.id} />}
    </Stack>
  );
}
