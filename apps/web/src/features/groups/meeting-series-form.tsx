import { useState, type FormEvent } from 'react';
import { Paper, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { addDays, todayIso } from '../../i18n/clinic-time';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { DateField } from '../../ui/date-field';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { FormFooter } from '../../ui/form-footer';
import { groupKeys, type PeerGroup } from './groups-api';
import { TOUCH } from './touch';

type SeriesBody = Schemas['CreateMeetingSeriesDto'];

/** How far ahead meetings may be planned, in clinic days (the API refuses more with 400). */
export const HORIZON_DAYS = 90;

/**
 * POST /peer-groups/:id/meetings/series: the group's weekly meetings on its
 * meeting day and time, from today (or a later day) until a chosen day at
 * most 90 days ahead; the answer says how many were planned and skipped.
 */
export function MeetingSeriesForm({
  group,
  onCancel,
  onCreated,
}: {
  group: PeerGroup;
  onCancel: () => void;
  onCreated: (message: string) => void;
}) {
  const { t } = useTranslation('groups');
  const format = useFormat();
  const queryClient = useQueryClient();
  const timeZone = useClinicTimeZone();
  const today = todayIso(timeZone);
  const last = addDays(today, HORIZON_DAYS);
  const [from, setFrom] = useState<string | null>(today);
  const [until, setUntil] = useState<string | null>(() => addDays(today, 27));
  const create = useIdempotentCreate(
    (body: SeriesBody, header) =>
      api.POST('/api/v1/peer-groups/{id}/meetings/series', { params: { path: { id: group.id }, header }, body }),
    {
      onSuccess: async (answer) => {
        await queryClient.invalidateQueries({ queryKey: groupKeys.meetings(group.id) });
        const skipped = answer.skippedDates.length;
        onCreated(
          [t('series.created', { count: answer.created }), skipped > 0 ? t('series.skipped', { count: skipped }) : '']
            .filter(Boolean)
            .join(' '),
        );
      },
    },
  );
  const fieldError = useFieldErrors(create.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (from && until) create.mutate({ from, until });
  }

  return (
    <Paper withBorder p="md" bg="gray.0">
      <form noValidate onSubmit={submit} aria-label={t('series.title')} data-testid="series-form">
        <Stack gap="sm">
          <Title order={5}>{t('series.title')}</Title>
          <Text size="sm">
            {t('series.intro', {
              day: group.meetingDay ? t(`day.${group.meetingDay}`) : '',
              time: group.meetingTime ?? '',
              from: from ? format.date(from) : '',
            })}
          </Text>
          <ErrorAlert error={create.error} />
          <DateField
            label={t('series.from')}
            name="from"
            required
            value={from}
            onChange={setFrom}
            minDate={today}
            maxDate={last}
            error={fieldError('from')}
            testId="series-from"
            size={TOUCH}
          />
          <DateField
            label={t('series.until')}
            description={t('series.untilHint', { last: format.date(last) })}
            name="until"
            required
            value={until}
            onChange={setUntil}
            minDate={from ?? today}
            maxDate={last}
            error={fieldError('until')}
            testId="series-until"
            size={TOUCH}
          />
          <FormFooter
            submit={t('series.submit')}
            pending={create.isPending}
            disabled={!from || !until}
            size={TOUCH}
            onCancel={onCancel}
            testId="series-submit"
          />
        </Stack>
      </form>
    </Paper>
  );
}
