import { useState } from 'react';
import { Alert, Button, Group, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { AccessLogDrawer, type AccessLogTarget } from './access-log-drawer';
import { AuditLog } from './audit-log';
import { EmergencyAccessList, useEmergencyAccess } from './emergency-access';
import { NS } from './messages';
import { QueryState } from './query-state';

export default function AccessPage() {
  const { t } = useTranslation(NS);
  const [target, setTarget] = useState<AccessLogTarget | null>(null);
  // Codes the emergency list knows, so audit rows about those clients can name them.
  const grants = useEmergencyAccess();
  const codes = new Map(
    (grants.data?.pages ?? []).flatMap((page) => page.items.map((grant) => [grant.clientId, grant.clientCode] as const)),
  );

  return (
    <Stack gap="lg">
      <Title order={2}>{t('nav.accessLog', { ns: 'common' })}</Title>
      <AuditChain />
      <EmergencyAccessList onOpenLog={setTarget} />
      <AuditLog onOpenLog={setTarget} clientCodes={codes} />
      <AccessLogDrawer target={target} onClose={() => setTarget(null)} />
    </Stack>
  );
}

/** GET /audit-events/verify: is the hash chain of the clinic's events whole? */
function AuditChain() {
  const { t } = useTranslation(NS);
  const format = useFormat();
  const check = useQuery({
    queryKey: ['coordinator', 'audit-verify'],
    queryFn: () => ok(api.GET('/api/v1/audit-events/verify')),
    staleTime: 0,
  });

  return (
    <section aria-labelledby="verify-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} id="verify-title">
          {t('access.verify')}
        </Title>
        <Button size="xs" variant="default" loading={check.isFetching} onClick={() => void check.refetch()}>
          {t('access.verifyAgain')}
        </Button>
      </Group>
      {check.data ? (
        <Alert color={check.data.ok ? 'teal' : 'red'} role="status" data-testid="audit-verify" data-ok={check.data.ok ? 'true' : 'false'}>
          {check.data.ok
            ? t('access.verifyOk', { checked: format.number(check.data.checked) })
            : check.data.firstBrokenId
              ? t('access.verifyBroken', { id: check.data.firstBrokenId, checked: format.number(check.data.checked) })
              : t('access.verifyIncomplete', { checked: format.number(check.data.checked) })}
        </Alert>
      ) : (
        <QueryState isPending={check.isPending} error={check.error} />
      )}
    </section>
  );
}
