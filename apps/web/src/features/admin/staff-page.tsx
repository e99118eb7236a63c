import { useState } from 'react';
import { NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../ui/errors';
import { Done, Loading } from '../../ui/feedback';
import { ADMINS, clinicLabel, useAllClinics, useStaffPages, type Staff } from './admin-api';
import { CreateStaffForm } from './create-staff-form';
import './messages';
import { ResetPasswordModal } from './reset-password-modal';
import { StaffTable } from './staff-table';
import { LoadMore } from '../../ui/load-more';

/** Admin: a clinic's staff accounts (or the administrators); create, deactivate, reactivate, reset a password. */
export default function StaffPage() {
  const { t } = useTranslation('admin');
  const [params, setParams] = useSearchParams();
  const selection = params.get('clinic') ?? '';
  const clinics = useAllClinics();
  const staff = useStaffPages(selection);
  const [done, setDone] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [resetting, setResetting] = useState<Staff | null>(null);
  const items = staff.data?.pages.flatMap((page) => page.items) ?? [];

  function select(next: string) {
    setDone(null);
    setActionError(null);
    setParams(next ? { clinic: next } : {}, { replace: true });
  }

  const report = (message: string) => {
    setActionError(null);
    setDone(message);
  };

  return (
    <Stack gap="md" maw={1200}>
      <Title order={2}>{t('staff.title')}</Title>
      <ErrorAlert error={clinics.error} />
      <NativeSelect
        name="clinic"
        label={t('staff.clinic')}
        value={selection}
        onChange={(event) => select(event.currentTarget.value)}
        maw={480}
        data={[
          { value: '', label: t('staff.chooseClinic') },
          ...(clinics.data ?? []).map((clinic) => ({ value: clinic.id, label: clinicLabel(clinic) })),
          { value: ADMINS, label: t('staff.admins') },
        ]}
      />
      {selection && (
        <CreateStaffForm
          key={selection}
          selection={selection}
          clinics={clinics.data ?? []}
          onCreated={(created, createdIn) => {
            if (createdIn !== selection) select(createdIn);
            report(t('staff.created', { username: created.username }));
          }}
        />
      )}
      <Done testId="staff-done">{done}</Done>
      <ErrorAlert error={actionError ?? staff.error} />
      {selection && staff.isPending && <Loading />}
      {staff.data && items.length === 0 && <Text>{t('staff.none')}</Text>}
      {items.length > 0 && (
        <StaffTable
          staff={items}
          selection={selection}
          onDone={report}
          onError={(error) => {
            setDone(null);
            setActionError(error);
          }}
          onResetPassword={setResetting}
        />
      )}
      <LoadMore pages={staff} />
      {resetting && (
        <ResetPasswordModal
          key={resetting.id}
          member={resetting}
          onClose={() => setResetting(null)}
          onDone={(message) => {
            setResetting(null);
            report(message);
          }}
        />
      )}
    </Stack>
  );
}
