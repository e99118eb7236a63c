import { useState } from 'react';
import { Alert, Button, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { todayIso } from '../../i18n/clinic-time';
import { useClinicTimeZone, useFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/errors';
import { Done, Loading } from '../../ui/feedback';
import {
  ABSENCE_REASONS,
  groupKeys,
  STATUSES,
  type AbsenceReason,
  useAttendance,
  useMembers,
  type AttendanceStatus,
  type Meeting,
  type Member,
  type PeerGroup,
} from './groups-api';
import { SEGMENT_STYLES, TOUCH } from './touch';

// Shades dark enough for white text (WCAG AA).
const COLOR: Record<AttendanceStatus, string> = { present: 'teal', absent: 'red.9', excused: 'indigo.9' };

/**
 * Present / absent / excused per member, prefilled from what was recorded,
 * and for an absence its reason with one tap (tap again to clear it);
 * one Save replaces the meeting's attendance (members left unmarked have no
 * record). A meeting whose day has not come cannot be marked yet.
 */
export function AttendanceGrid({ group, meeting }: { group: PeerGroup; meeting: Meeting }) {
  const { t } = useTranslation('groups');
  const format = useFormat();
  const timeZone = useClinicTimeZone();
  const queryClient = useQueryClient();
  const members = useMembers(group.id);
  const attendance = useAttendance(group.id, meeting.id);
  const [edits, setEdits] = useState<Record<string, AttendanceStatus>>({});
  const [reasonEdits, setReasonEdits] = useState<Record<string, AbsenceReason | null>>({});
  const [saved, setSaved] = useState(false);
  const notHeld = meeting.date > todayIso(timeZone);

  const recorded = new Map(attendance.data?.records.map((record) => [record.clientId, record.status]));
  const recordedReason = new Map(attendance.data?.records.map((record) => [record.clientId, record.reason ?? null]));
  const statusOf = (clientId: string): AttendanceStatus | '' => edits[clientId] ?? recorded.get(clientId) ?? '';
  /** An absence's reason: only absences have one. */
  const reasonOf = (clientId: string): AbsenceReason | null =>
    statusOf(clientId) === 'absent' ? (clientId in reasonEdits ? reasonEdits[clientId] : (recordedReason.get(clientId) ?? null)) : null;
  const rows = members.data ?? [];
  const dirty = rows.some(
    (member) =>
      (statusOf(member.clientId) || undefined) !== recorded.get(member.clientId) ||
      reasonOf(member.clientId) !== (recordedReason.get(member.clientId) ?? null),
  );
  const records = rows.flatMap((member) => {
    const status = statusOf(member.clientId);
    const reason = reasonOf(member.clientId);
    return status ? [{ clientId: member.clientId, status, ...(reason ? { reason } : {}) }] : [];
  });

  const save = useMutation({
    mutationFn: () =>
      ok(
        api.PUT('/api/v1/peer-groups/{id}/meetings/{meetingId}/attendance', {
          params: { path: { id: group.id, meetingId: meeting.id } },
          body: { records },
        }),
      ),
    onSuccess: (answer) => {
      queryClient.setQueryData(groupKeys.attendance(group.id, meeting.id), answer);
      setEdits({});
      setReasonEdits({});
      setSaved(true);
    },
  });

  function mark(clientId: string, status: AttendanceStatus) {
    setSaved(false);
    setEdits((current) => ({ ...current, [clientId]: status }));
  }

  function giveReason(clientId: string, reason: AbsenceReason | null) {
    setSaved(false);
    setReasonEdits((current) => ({ ...current, [clientId]: reason }));
  }

  function markRestPresent() {
    setSaved(false);
    setEdits((current) => {
      const next = { ...current };
      for (const member of rows) if (!statusOf(member.clientId)) next[member.clientId] = 'present';
      return next;
    });
  }

  if (members.isPending || attendance.isPending) return <Loading />;
  if (members.error || attendance.error) return <ErrorAlert error={members.error ?? attendance.error} />;

  const counts = { present: 0, absent: 0, excused: 0, unmarked: 0 };
  for (const member of rows) counts[statusOf(member.clientId) || 'unmarked'] += 1;

  return (
    <Stack gap="sm">
      {notHeld && (
        <Alert color="blue" title={t('common:error.MEETING_NOT_HELD')} data-testid="meeting-not-held">
          {t('meeting.notHeld', { date: format.date(meeting.date) })}
        </Alert>
      )}
      {rows.length === 0 && <Text>{t('meeting.noMembers')}</Text>}
      {rows.length > 0 && (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
          {rows.map((member) => (
            <AttendanceRow
              key={member.clientId}
              member={member}
              status={statusOf(member.clientId)}
              reason={reasonOf(member.clientId)}
              disabled={notHeld}
              onChange={(status) => mark(member.clientId, status)}
              onReason={(reason) => giveReason(member.clientId, reason)}
            />
          ))}
        </Stack>
      )}
      {!notHeld && counts.unmarked > 0 && (
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text size="sm" c="dimmed">
            {t('meeting.unmarkedHint')}
          </Text>
          <Button size={TOUCH} variant="default" onClick={markRestPresent}>
            {t('meeting.markRest')}
          </Button>
        </Group>
      )}
      <Paper withBorder shadow="sm" p="sm" pos="sticky" bottom={0} style={{ zIndex: 2 }}>
        <Stack gap="xs">
          <Text size="sm" data-testid="attendance-summary">
            {t('meeting.summary', {
              present: format.number(counts.present),
              absent: format.number(counts.absent),
              excused: format.number(counts.excused),
              unmarked: format.number(counts.unmarked),
            })}
          </Text>
          <ErrorAlert error={save.error} />
          {saved && !dirty && <Done testId="attendance-saved">{t('meeting.saved')}</Done>}
          {dirty && (
            <Text size="sm" fw={600} role="status" data-testid="attendance-unsaved">
              {t('meeting.unsaved')}
            </Text>
          )}
          <Button size={TOUCH} fullWidth loading={save.isPending} disabled={notHeld || rows.length === 0} onClick={() => save.mutate()}>
            {t('meeting.save')}
          </Button>
        </Stack>
      </Paper>
    </Stack>
  );
}

function AttendanceRow({
  member,
  status,
  reason,
  disabled,
  onChange,
  onReason,
}: {
  member: Member;
  status: AttendanceStatus | '';
  reason: AbsenceReason | null;
  disabled: boolean;
  onChange: (status: AttendanceStatus) => void;
  onReason: (reason: AbsenceReason | null) => void;
}) {
  const { t } = useTranslation('groups');
  return (
    <Paper component="li" withBorder p="sm" data-testid={`attendance-${member.clientId}`} data-status={status || 'unmarked'}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <div>
            <Text fw={600}>{member.code}</Text>
            {member.preferredName && <Text>{member.preferredName}</Text>}
          </div>
          {!status && (
            <Text size="sm" c="dimmed">
              {t('meeting.unmarked')}
            </Text>
          )}
        </Group>
        <SegmentedControl
          fullWidth
          size="lg"
          styles={SEGMENT_STYLES}
          aria-label={t('meeting.statusOf', { code: member.code })}
          value={status}
          onChange={(value) => onChange(value as AttendanceStatus)}
          data={STATUSES.map((value) => ({ value, label: t(`meeting.status.${value}`) }))}
          color={status ? COLOR[status] : undefined}
          autoContrast
          disabled={disabled}
        />
        {status === 'absent' && (
          <Stack gap={4} role="group" aria-label={t('meeting.reasonOf', { code: member.code })} data-testid={`reasons-${member.clientId}`}>
            <Text size="sm" c="dimmed">
              {t('meeting.reasonHint')}
            </Text>
            <Group gap="xs" wrap="wrap">
              {ABSENCE_REASONS.map((value) => (
                <Button
                  key={value}
                  size="md"
                  mih={44}
                  variant={reason === value ? 'filled' : 'default'}
                  color={reason === value ? 'red.9' : undefined}
                  aria-pressed={reason === value}
                  disabled={disabled}
                  onClick={() => onReason(reason === value ? null : value)}
                  data-reason={value}
                >
                  {t(`meeting.reason.${value}`)}
                </Button>
              ))}
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
