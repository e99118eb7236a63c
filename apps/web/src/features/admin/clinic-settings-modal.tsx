import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, NativeSelect, NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { TimeField } from '../../ui/time-field';
import { adminKeys, type Clinic } from './admin-api';
import { timeZoneOptions } from './time-zones';

type Thresholds = {
  missedDosesAssess: number | string;
  missedDosesRetitrate: number | string;
  dropoutDays: number | string;
  drugTestsPerMonth: number | string;
};

/** PATCH /clinics/:id/settings: missed-dose thresholds, drop-out days, quiet hours and time zone. */
export function ClinicSettingsModal({
  clinic,
  onClose,
  onSaved,
}: {
  clinic: Clinic;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [thresholds, setThresholds] = useState<Thresholds>({
    missedDosesAssess: clinic.settings.missedDosesAssess,
    missedDosesRetitrate: clinic.settings.missedDosesRetitrate,
    dropoutDays: clinic.settings.dropoutDays,
    drugTestsPerMonth: clinic.settings.drugTestsPerMonth,
  });
  const [carePlanReviewDays, setCarePlanReviewDays] = useState<number | string>(clinic.settings.carePlanReviewDays);
  const [quietHoursStart, setQuietHoursStart] = useState(clinic.settings.quietHoursStart);
  const [quietHoursEnd, setQuietHoursEnd] = useState(clinic.settings.quietHoursEnd);
  const [timeZone, setTimeZone] = useState(clinic.settings.timeZone);

  const save = useMutation({
    mutationFn: () =>
      ok(
        api.PATCH('/api/v1/clinics/{id}/settings', {
          params: { path: { id: clinic.id } },
          body: {
            missedDosesAssess: Number(thresholds.missedDosesAssess),
            missedDosesRetitrate: Number(thresholds.missedDosesRetitrate),
            dropoutDays: Number(thresholds.dropoutDays),
            carePlanReviewDays: Number(carePlanReviewDays),
            drugTestsPerMonth: Number(thresholds.drugTestsPerMonth),
            quietHoursStart,
            quietHoursEnd,
            timeZone,
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.clinics });
      onSaved(t('settings.saved', { code: clinic.code }));
    },
  });
  const fieldError = useFieldErrors(save.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  const threshold = (field: keyof Thresholds, min: number, max: number) => (
    <NumberInput
      name={field}
      label={t(`settings.${field}`)}
      min={min}
      max={max}
      allowDecimal={false}
      allowNegative={false}
      required
      value={thresholds[field]}
      onChange={(value) => setThresholds((current) => ({ ...current, [field]: value }))}
      error={fieldError(field)}
    />
  );

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('settings.title', { code: clinic.code, name: clinic.name })}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common:action.close') }}
    >
      <form noValidate onSubmit={submit} data-testid="clinic-settings">
        <Stack gap="sm">
          <ErrorAlert error={save.error} />
          <Text size="sm">{t('settings.rulesHint')}</Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {threshold('missedDosesAssess', 1, 60)}
            {threshold('missedDosesRetitrate', 2, 90)}
            {threshold('dropoutDays', 3, 365)}
          </SimpleGrid>
          <NumberInput
            name="carePlanReviewDays"
            label={t('settings.carePlanReviewDays')}
            min={7}
            max={365}
            allowDecimal={false}
            allowNegative={false}
            required
            value={carePlanReviewDays}
            onChange={setCarePlanReviewDays}
            error={fieldError('carePlanReviewDays')}
            data-testid="settings-carePlanReviewDays"
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>{threshold('drugTestsPerMonth', 0, 8)}</SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TimeField
              name="quietHoursStart"
              label={t('settings.quietHoursStart')}
              required
              value={quietHoursStart}
              onChange={setQuietHoursStart}
              error={fieldError('quietHoursStart')}
              testId="settings-quietHoursStart"
            />
            <TimeField
              name="quietHoursEnd"
              label={t('settings.quietHoursEnd')}
              required
              value={quietHoursEnd}
              onChange={setQuietHoursEnd}
              error={fieldError('quietHoursEnd')}
              testId="settings-quietHoursEnd"
            />
          </SimpleGrid>
          <Text size="sm">{t('settings.quietHoursHint')}</Text>
          <NativeSelect
            name="timeZone"
            label={t('newClinic.timeZone')}
            description={t('newClinic.timeZoneHint')}
            value={timeZone}
            onChange={(event) => setTimeZone(event.currentTarget.value)}
            data={timeZoneOptions(clinic.settings.timeZone)}
            error={fieldError('timeZone')}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common:action.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
