import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Group, NumberInput, SegmentedControl, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { api, type Schemas } from '../../api/client';
import { DOSING_TODAY_KEY } from '../../api/dosing-today';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { useFormat } from '../../i18n/format';
import { ErrorAlert, useErrorMessage, useFieldErrors } from '../../ui/errors';
import { FlagBadge } from '../../ui/flag-badge';
import { ClientPhoto } from '../photo/client-photo';
import { ageOn, blockerOf, type WindowItem } from './window-item';
import './messages';

type Kind = Schemas['RecordDoseDto']['kind'];
type Body = Schemas['RecordDoseDto'];

/** The field each rule error of the API is about, so it is shown there (and in the alert). */
const FIELD_OF_CODE: Record<string, string> = {
  DOSE_EXCEEDS_ORDER: 'doseMg',
  REASON_REQUIRED: 'reason',
  ASSESSMENT_REQUIRED: 'assessmentNote',
  TAKE_HOME_NOT_ALLOWED: 'coversDays',
};

/** A dose a person typed, checked as the API will check it (0.5 to 500 mg, at most one decimal); never changed. */
function validDose(value: number | ''): boolean {
  return value !== '' && Number.isFinite(value) && value >= 0.5 && value <= 500 && Math.round(value * 10) === value * 10;
}

/**
 * The record-dose dialog. Before anyone types it shows who should be at the
 * window (photo, full name, age, code), the order with its note, and what
 * stands in the way of a dose and what to do about it; then the dose, with a
 * reason when less than ordered and an assessment note whenever the API says
 * one is required. Every number is sent as typed: out of range is a field
 * error and nothing is sent. The same body sent again (a retry after a dropped
 * connection) carries the same Idempotency-Key, so it never records a second dose.
 */
export function DoseForm({
  item,
  clinicDay,
  onRecorded,
}: {
  item: WindowItem;
  clinicDay: string;
  onRecorded: (dose: Schemas['DoseDto']) => void;
}) {
  const { t } = useTranslation('dosing');
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const order = item.activeOrder;
  const blocker = blockerOf(item);
  const given = item.givenTodayMg ?? 0;
  const remaining = item.remainingTodayMg ?? null;
  // After today's observed dose, a take-home dispense for the following days may still be recorded.
  const takeHomeOnly = blocker === 'dosed' && !!order && order.takeHomeDaysPerWeek > 0;
  const blocked = blocker !== null && !takeHomeOnly;
  const expected = order ? (order.splitDose ? (given > 0 && remaining !== null ? remaining : order.doseMg / 2) : order.doseMg) : null;
  // The API states it; an API that does not send `assessmentRequired` yet asks at the `assess` flag.
  const assessmentRequired = item.assessmentRequired ?? item.flag === 'assess';

  const [doseMg, setDoseMg] = useState<number | ''>(expected ?? '');
  const [kind, setKind] = useState<Kind>(takeHomeOnly ? 'take_home' : 'observed');
  const [coversDays, setCoversDays] = useState<number | ''>(1);
  const [reason, setReason] = useState('');
  const [assessmentNote, setAssessmentNote] = useState('');
  const [checked, setChecked] = useState<Record<string, string>>({});
  // The form appears once the status is read, after the dialog opened: the dose field takes the focus then (Enter records).
  const doseInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!blocked) doseInput.current?.focus();
  }, [blocked]);

  const record = useIdempotentCreate(
    (body: Body, header) => api.POST('/api/v1/clients/{id}/doses', { params: { path: { id: item.clientId }, header }, body }),
    {
      onSuccess: async (dose) => {
        await queryClient.invalidateQueries({ queryKey: DOSING_TODAY_KEY });
        await queryClient.invalidateQueries({ queryKey: ['clients', item.clientId] });
        onRecorded(dose);
      },
    },
  );
  const apiError = record.error instanceof ApiError ? record.error : null;
  const serverError = useFieldErrors(apiError);
  const fieldError = (field: string): string | undefined => {
    if (checked[field]) return checked[field];
    if (apiError && FIELD_OF_CODE[apiError.code] === field) return errorMessage(apiError);
    return serverError(field);
  };
  const lessThanOrdered = expected !== null && doseMg !== '' && Number(doseMg) < expected;
  const showReason = kind === 'observed' && (lessThanOrdered || reason !== '' || apiError?.code === 'REASON_REQUIRED');
  const showAssessment = assessmentRequired || apiError?.code === 'ASSESSMENT_REQUIRED';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (record.isPending || blocked) return;
    const problems: Record<string, string> = {};
    if (!validDose(doseMg)) problems.doseMg = t('doseRange');
    if (kind === 'take_home' && !(coversDays !== '' && Number.isInteger(coversDays) && coversDays >= 1 && coversDays <= 6)) {
      problems.coversDays = t('coversRange');
    }
    if (showReason && lessThanOrdered && !reason.trim()) problems.reason = t('reasonRequired');
    if (showAssessment && kind === 'observed' && !assessmentNote.trim()) problems.assessmentNote = t('assessmentRequired');
    setChecked(problems);
    if (Object.keys(problems).length > 0) return;
    record.mutate({
      doseMg: Number(doseMg),
      kind,
      ...(kind === 'take_home' ? { coversDays: Number(coversDays) } : {}),
      ...(showReason && reason.trim() ? { reason: reason.trim() } : {}),
      ...(showAssessment && assessmentNote.trim() ? { assessmentNote: assessmentNote.trim() } : {}),
    });
  }

  const fullName = item.givenName !== undefined || item.familyName !== undefined ? format.name(item) : null;
  const mg = (value: number) => t('orderMg', { mg: format.number(value, 1) });

  return (
    <form onSubmit={submit} data-testid="dose-form" noValidate>
      <Stack>
        <Group align="flex-start" wrap="nowrap" gap="lg">
          <ClientPhoto clientId={item.clientId} hasPhoto={item.hasPhoto} name={fullName ?? item.code} size={200} />
          <Stack gap={6} data-testid="dose-identity">
            <Title order={3} data-testid="dose-client-name">
              {fullName ?? item.preferredName ?? item.code}
            </Title>
            {fullName && item.preferredName && <Text>{t('preferred', { name: item.preferredName })}</Text>}
            {item.dateOfBirth && (
              <Text data-testid="dose-client-age">
                {t('age', { age: ageOn(item.dateOfBirth, clinicDay) })} · {format.date(item.dateOfBirth)}
              </Text>
            )}
            <Badge variant="outline" color="dark" ff="monospace" size="lg">
              {item.code}
            </Badge>
            <Group gap="xs">
              <FlagBadge flag={item.flag} />
              {item.consecutiveMissedDays > 0 && <Text size="sm">{t('missedDays', { count: item.consecutiveMissedDays })}</Text>}
            </Group>
            {item.guest && <Text size="sm">{t('guestFrom', { clinic: item.guest.homeClinicCode })}</Text>}
            {item.guestAt && (
              <Text size="sm" data-testid="guest-at">
                {t('guestAt', { clinic: item.guestAt.clinicCode, until: format.date(item.guestAt.until) })}
              </Text>
            )}
          </Stack>
        </Group>

        <Stack gap={4} data-testid="active-order">
          <Text fw={600}>
            {order ? t('activeOrder', { mg: format.number(order.doseMg, 1) }) : t('noOrder')}
            {order?.splitDose ? ` · ${t('split')}` : ''}
            {order && order.takeHomeDaysPerWeek > 0 ? ` · ${t('takeHome', { days: order.takeHomeDaysPerWeek })}` : ''}
          </Text>
          {order?.note && (
            <Text size="sm" data-testid="order-note">
              {t('orderNote', { note: order.note })}
            </Text>
          )}
          {order?.splitDose && (
            <Text size="sm" data-testid="split-today">
              {t('splitToday', { given: mg(given), remaining: mg(remaining ?? order.doseMg - given) })}
            </Text>
          )}
          {item.coveredUntil && item.coveredUntil > clinicDay && (
            <Text size="sm" data-testid="covered-until">
              {t('coveredUntil', { day: format.date(item.coveredUntil) })}
            </Text>
          )}
        </Stack>

        {blocker && (
          <Alert color={blocked ? 'red' : 'blue'} role="status" title={t(`blocked.${blocker}.title`)} data-testid="blocker">
            {t(`blocked.${blocker}.what`, { count: item.consecutiveMissedDays })}
            {takeHomeOnly ? ` ${t('takeHomeStill')}` : ''}
          </Alert>
        )}
        {!blocked && assessmentRequired && (
          <Alert color="orange" role="status" data-testid="assess-warning">
            {t('assessWarning', { count: item.consecutiveMissedDays })}
          </Alert>
        )}

        <fieldset disabled={blocked} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack>
            {order && order.takeHomeDaysPerWeek > 0 && (
              <SegmentedControl
                aria-label={t('kind')}
                value={kind}
                disabled={blocked || takeHomeOnly}
                onChange={(value) => setKind(value)}
                data={[
                  { value: 'observed', label: t('observed') },
                  { value: 'take_home', label: t('take_home') },
                ]}
              />
            )}
            <SimpleGrid cols={kind === 'take_home' ? 2 : 1}>
              <NumberInput
                label={kind === 'take_home' ? t('doseMgPerDay') : t('doseMg')}
                name="doseMg"
                decimalScale={1}
                clampBehavior="none"
                allowNegative={false}
                required
                data-autofocus
                ref={doseInput}
                disabled={blocked}
                value={doseMg}
                onChange={(value) => setDoseMg(value === '' ? '' : Number(value))}
                error={fieldError('doseMg')}
              />
              {kind === 'take_home' && (
                <NumberInput
                  label={t('coversDays')}
                  name="coversDays"
                  allowDecimal={false}
                  allowNegative={false}
                  clampBehavior="none"
                  required
                  disabled={blocked}
                  value={coversDays}
                  onChange={(value) => setCoversDays(value === '' ? '' : Number(value))}
                  error={fieldError('coversDays')}
                />
              )}
            </SimpleGrid>
            {kind === 'take_home' && validDose(doseMg) && coversDays !== '' && coversDays > 0 && (
              <Text size="sm" data-testid="take-home-total">
                {t('takeHomeTotal', { days: coversDays, total: mg(Number(doseMg) * coversDays) })}
              </Text>
            )}
            {showReason && (
              <Textarea
                label={t('reason')}
                name="reason"
                required={lessThanOrdered}
                autosize
                minRows={2}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={fieldError('reason')}
              />
            )}
            {showAssessment && kind === 'observed' && (
              <Textarea
                label={t('assessmentNote')}
                name="assessmentNote"
                required
                autosize
                minRows={2}
                value={assessmentNote}
                onChange={(e) => setAssessmentNote(e.currentTarget.value)}
                error={fieldError('assessmentNote')}
              />
            )}
          </Stack>
        </fieldset>
        <ErrorAlert error={record.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={record.isPending} disabled={blocked}>
            {kind === 'take_home' ? t('recordTakeHome') : t('record')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
