import { useState, type ReactNode } from 'react';
import { Alert, Anchor, Badge, Group, Stack, Tabs, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/api-error';
import { AssessmentsTab } from '../assessments/assessments-tab';
import { api, ok } from '../../api/client';
import { useUser } from '../../auth/session';
import { useFormat } from '../../i18n/format';
import { clientKey, may, tabsFor, type AnyClient, type TabName } from './client-data';
import { CarePlanTab } from '../care-plans/care-plan-tab';
import { ReferralsTab } from '../care-plans/referrals-tab';
import { ConsentsTab } from './consents-tab';
import { DosingTab } from './dosing-tab';
import { DrugTestsTab } from '../drug-tests/drug-tests-tab';
import { EmergencyAccess } from './emergency-access';
import type { EmergencyGrantState } from './emergency-by-code';
import { FamilyTab } from './family-tab';
import { FhirDownload } from './fhir-download';
import { GroupsTab } from './groups-tab';
import { ManageTab } from './manage-tab';
import { OverviewTab } from './overview-tab';
import { Pending, StatusBadge } from './parts';
import { SessionsTab } from './sessions-tab';
import './messages';

const PANELS: Record<TabName, (props: { client: AnyClient }) => ReactNode> = {
  overview: OverviewTab,
  dosing: DosingTab,
  drugTests: DrugTestsTab,
  sessions: SessionsTab,
  carePlan: CarePlanTab,
  referrals: ReferralsTab,
  assessments: AssessmentsTab,
  family: FamilyTab,
  consents: ConsentsTab,
  groups: GroupsTab,
  manage: ManageTab,
};

/** One client's record, in the tabs the caller's role may open. */
export default function ClientPage() {
  const { t } = useTranslation('clients');
  const { clientId = '' } = useParams();
  const format = useFormat();
  const user = useUser();
  // A grant made from a search arrives with the navigation.
  const granted = (useLocation().state as EmergencyGrantState | null)?.emergencyUntil ?? null;
  const [emergencyUntil, setEmergencyUntil] = useState<string | null>(granted);
  const client = useQuery({
    queryKey: clientKey(clientId),
    queryFn: (): Promise<AnyClient> => ok(api.GET('/api/v1/clients/{id}', { params: { path: { id: clientId } } })),
  });

  const back = (
    <Anchor component={Link} to="/clients" size="sm">
      {t('record.back')}
    </Anchor>
  );
  if (client.error instanceof ApiError && client.error.status === 404) {
    return (
      <Stack>
        {back}
        <Title order={2}>{t('record.notFoundTitle')}</Title>
        <EmergencyAccess clientId={clientId} error={client.error} onGranted={setEmergencyUntil} />
      </Stack>
    );
  }
  if (!client.data) return <Pending error={client.error} />;
  const record = client.data;
  const name =
    record.givenName !== undefined || record.familyName !== undefined ? format.name(record) : (record.preferredName ?? record.code);

  return (
    <Stack>
      {back}
      <Group gap="sm" align="center">
        <Title order={2} data-testid="client-name">
          {name}
        </Title>
        <Badge variant="outline" color="dark" data-testid="client-code">
          {record.code}
        </Badge>
        {record.status && <StatusBadge status={record.status} />}
        {may.exportFhir(user) && <FhirDownload clientId={record.id} code={record.code} />}
      </Group>
      {emergencyUntil && (
        <Alert color="orange" role="status" data-testid="emergency-granted">
          {t('record.emergencyGranted', { time: format.dateTime(emergencyUntil) })}
        </Alert>
      )}
      <RecordTabs client={record} />
    </Stack>
  );
}

function RecordTabs({ client }: { client: AnyClient }) {
  const { t } = useTranslation('clients');
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const tabs = tabsFor(user);
  const requested = params.get('tab') as TabName | null;
  const active: TabName = requested && tabs.includes(requested) ? requested : 'overview';

  return (
    <Tabs
      value={active}
      onChange={(value) => setParams(value && value !== 'overview' ? { tab: value } : {}, { replace: true })}
      keepMounted={false}
    >
      <Tabs.List aria-label={t('tab.label')}>
        {tabs.map((tab) => (
          <Tabs.Tab key={tab} value={tab} data-testid={`tab-${tab}`}>
            {t(`tab.${tab}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {tabs.map((tab) => {
        const Panel = PANELS[tab];
        return (
          <Tabs.Panel key={tab} value={tab} pt="md" data-testid={`panel-${tab}`}>
            <Panel client={client} />
          </Tabs.Panel>
        );
      })}
    </Tabs>
  );
}
