import { useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Checkbox, Group, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../../api/client';
import { useUser } from '../../auth/session';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { Done, Loading } from '../../ui/feedback';
import { clinicLabel, useAllClinics } from '../admin/admin-api';
import { useReminderError } from '../coordinator/badges';
import { NS } from './messages';

type Templates = Schemas['SmsTemplatesDto'];
type Kind = Schemas['SmsTemplateDto']['kind'];

const KINDS: Kind[] = ['appointment', 'meeting', 'missed_dose', 'family_outreach', 'consent_expiry'];
const templatesKey = (clinicId: string) => ['sms-templates', clinicId] as const;

/** The approved text with `${name}` filled from `values`, as the provider will send it. */
export function fillPreview(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{([^{}]*)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * The clinic's SMS templates (Aliyun, Tencent Cloud): the provider in use,
 * each reminder kind's approved template with a live preview, and a test
 * message to one's own phone. The coordinator's own clinic; an admin picks one.
 */
export default function SmsTemplatesPage() {
  const { t } = useTranslation(NS);
  const user = useUser();
  const clinics = useAllClinics();
  const [chosen, setChosen] = useState('');
  const clinicId = user.clinicId ?? (chosen || clinics.data?.[0]?.id || '');
  const templates = useQuery({
    queryKey: templatesKey(clinicId),
    enabled: clinicId !== '',
    queryFn: () => ok(api.GET('/api/v1/clinics/{id}/sms-templates', { params: { path: { id: clinicId } } })),
  });

  return (
    <Stack gap="md" maw={900}>
      <Title order={2}>{t('title')}</Title>
      <Text size="sm">{t('intro')}</Text>
      {!user.clinicId && (
        <NativeSelect
          label={t('clinic')}
          value={clinicId}
          onChange={(event) => setChosen(event.currentTarget.value)}
          data={(clinics.data ?? []).map((clinic) => ({ value: clinic.id, label: clinicLabel(clinic) }))}
          data-testid="sms-clinic"
        />
      )}
      <ErrorAlert error={templates.error} />
      {templates.isPending && clinicId !== '' && <Loading />}
      {templates.data && (
        <>
          <Group gap="sm">
            <Text fw={600}>{t('provider')}</Text>
            <Badge size="lg" variant="light" data-testid="sms-provider">
              {t(`providerName.${templates.data.provider}`)}
            </Badge>
          </Group>
          {templates.data.provider === 'gateway' && <Alert color="gray">{t('gatewayHint')}</Alert>}
          {KINDS.map((kind) => (
            <TemplateCard key={`${clinicId}-${kind}`} clinicId={clinicId} kind={kind} data={templates.data} />
          ))}
        </>
      )}
    </Stack>
  );
}

function TemplateCard({ clinicId, kind, data }: { clinicId: string; kind: Kind; data: Templates }) {
  const { t } = useTranslation(NS);
  const queryClient = useQueryClient();
  const reminderError = useReminderError();
  const stored = data.items.find((item) => item.kind === kind);
  const allowed = data.params.find((entry) => entry.kind === kind)?.allowed ?? [];
  const [templateCode, setTemplateCode] = useState(stored?.templateCode ?? '');
  const [params, setParams] = useState<string[]>(stored?.params ?? []);
  const [previewText, setPreviewText] = useState(stored?.previewText ?? '');
  const [phone, setPhone] = useState('');

  const save = useMutation({
    mutationFn: () =>
      ok(
        api.PUT('/api/v1/clinics/{id}/sms-templates/{kind}', {
          params: { path: { id: clinicId, kind } },
          body: { templateCode: templateCode.trim(), params: allowed.filter((name) => params.includes(name)), previewText },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templatesKey(clinicId) }),
  });
  const test = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/v1/clinics/{id}/sms-templates/{kind}/test', {
          params: { path: { id: clinicId, kind } },
          body: { phone: phone.trim() },
        }),
      ),
  });
  const fieldError = useFieldErrors(save.error);
  const testFieldError = useFieldErrors(test.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    test.reset();
    save.mutate();
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`sms-${kind}`} data-testid={`sms-template-${kind}`}>
      <form noValidate onSubmit={submit}>
        <Stack gap="sm">
          <Title order={3} size="h4" id={`sms-${kind}`}>
            {t(`kind.${kind}`)}
          </Title>
          {!stored && (
            <Text size="sm" c="dimmed" data-testid="sms-template-missing">
              {t('missing')}
            </Text>
          )}
          <ErrorAlert error={save.error} />
          <TextInput
            name="templateCode"
            label={t('templateCode')}
            description={t('templateCodeHint')}
            required
            value={templateCode}
            onChange={(event) => setTemplateCode(event.currentTarget.value)}
            error={fieldError('templateCode')}
          />
          {allowed.length > 0 ? (
            <Checkbox.Group label={t('params')} value={params} onChange={setParams} error={fieldError('params')}>
              <Group gap="lg" mt="xs">
                {allowed.map((name) => (
                  <Checkbox key={name} value={name} label={t(`param.${name}`)} size="md" />
                ))}
              </Group>
            </Checkbox.Group>
          ) : (
            <Text size="sm">{t('noParams')}</Text>
          )}
          <Textarea
            name="previewText"
            label={t('previewText')}
            description={t('previewTextHint')}
            required
            autosize
            minRows={2}
            value={previewText}
            onChange={(event) => setPreviewText(event.currentTarget.value)}
            error={fieldError('previewText')}
          />
          <Paper bg="gray.0" p="sm" radius="sm">
            <Text size="sm" fw={600}>
              {t('preview')}
            </Text>
            <Text data-testid="sms-preview">{fillPreview(previewText, data.sampleValues) || '—'}</Text>
          </Paper>
          {save.isSuccess && <Done testId="sms-template-saved">{t('saved')}</Done>}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} size="md">
              {t('save')}
            </Button>
          </Group>
          <Group align="flex-end" gap="sm">
            <TextInput
              name="phone"
              type="tel"
              label={t('testPhone')}
              value={phone}
              onChange={(event) => setPhone(event.currentTarget.value)}
              error={testFieldError('phone')}
              style={{ flex: 1 }}
            />
            <Button
              variant="default"
              size="md"
              loading={test.isPending}
              disabled={!stored || phone.trim() === ''}
              onClick={() => test.mutate()}
            >
              {t('test')}
            </Button>
          </Group>
          <ErrorAlert error={test.error} />
          {test.data?.status === 'sent' && <Done testId="sms-test-result">{t('testSent')}</Done>}
          {test.data?.status === 'failed' && (
            <Alert color="red" role="status" data-testid="sms-test-result">
              {t('testFailed', { reason: reminderError(test.data.errorCode) })}
            </Alert>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
