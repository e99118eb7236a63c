import { useState } from 'react';
import { Alert, Button, Stack, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { api } from '../../api/client';
import { useClinicTimeZone } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { saveExport } from '../coordinator/download';

/** Saves the client's record as a FHIR bundle for a referral; says so when the referral consent is missing. */
export function FhirDownload({ clientId, code }: { clientId: string; code: string }) {
  const { t } = useTranslation('clients');
  const timeZone = useClinicTimeZone();
  const [failed, setFailed] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setBusy(true);
    setFailed(null);
    try {
      await saveExport(
        api.GET('/api/v1/clients/{id}/fhir', { params: { path: { id: clientId } }, parseAs: 'blob' }),
        `${code}-fhir`,
        'json',
        timeZone,
      );
    } catch (error) {
      setFailed(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs">
      <Tooltip label={t('record.fhirHelp')} multiline w={320}>
        <Button variant="default" size="sm" loading={busy} onClick={() => void download()} data-testid="fhir-download">
          {t('record.fhir')}
        </Button>
      </Tooltip>
      {failed instanceof ApiError && failed.code === 'CONSENT_REQUIRED' ? (
        <Alert color="yellow" role="status" data-testid="fhir-no-consent">
          {t('record.fhirNoConsent')}
        </Alert>
      ) : (
        failed !== null && <ErrorAlert error={failed} />
      )}
    </Stack>
  );
}
