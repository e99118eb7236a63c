import { useState, type FormEvent } from 'react';
import { NativeSelect, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorCode } from '../../api/api-error';
import { api, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { useLengthLimit } from '../../ui/length-limit';
import { FormFooter } from '../../ui/form-footer';
import { ADMINS, adminKeys, clinicLabel, ROLES, type Clinic, type Role, type Staff } from './admin-api';

export const MIN_PASSWORD = 12;

type StaffBody = Schemas['CreateStaffDto'];

/** POST /staff: username, initial password (≥ 12), name, role and clinic (none for an administrator). */
export function CreateStaffForm({
  selection,
  clinics,
  onCreated,
}: {
  selection: string;
  clinics: Clinic[];
  onCreated: (staff: Staff, selection: string) => void;
}) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role | ''>(selection === ADMINS ? 'admin' : '');
  const [clinicId, setClinicId] = useState(selection === ADMINS ? '' : selection);
  const [passwordShort, setPasswordShort] = useState(false);
  const admin = role === 'admin';

  const create = useIdempotentCreate((body: StaffBody, header) => api.POST('/api/v1/staff', { params: { header }, body }), {
    onSuccess: async (staff) => {
      setUsername('');
      setPassword('');
      setDisplayName('');
      const createdIn = staff.clinicId ?? ADMINS;
      await queryClient.invalidateQueries({ queryKey: adminKeys.staff(createdIn) });
      onCreated(staff, createdIn);
    },
  });
  const fieldError = useFieldErrors(create.error);
  const limit = useLengthLimit();
  const usernameTaken = create.error !== null && errorCode(create.error) === 'USERNAME_TAKEN';

  function submit(event: FormEvent) {
    event.preventDefault();
    const short = password.length < MIN_PASSWORD;
    setPasswordShort(short);
    if (!short) {
      create.mutate({
        username: username.trim(),
        password,
        displayName: displayName.trim(),
        role: role || 'nurse',
        clinicId: admin ? null : clinicId,
      });
    }
  }

  return (
    <Paper withBorder p="md">
      <form noValidate onSubmit={submit} aria-label={t('newStaff.title')}>
        <Stack gap="sm">
          <Title order={3}>{t('newStaff.title')}</Title>
          <ErrorAlert error={create.error} />
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <TextInput
              name="username"
              label={t('newStaff.username')}
              autoComplete="off"
              required
              {...limit(username, 64, {
                hint: t('newStaff.usernameHint'),
                error: usernameTaken ? t('common:error.USERNAME_TAKEN') : fieldError('username'),
              })}
              value={username}
              onChange={(event) => setUsername(event.currentTarget.value)}
            />
            <PasswordInput
              name="password"
              label={t('newStaff.password')}
              description={t('newStaff.passwordHint')}
              autoComplete="new-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              error={passwordShort ? t('newStaff.passwordShort') : fieldError('password')}
            />
            <TextInput
              name="displayName"
              label={t('newStaff.displayName')}
              required
              {...limit(displayName, 200, { error: fieldError('displayName') })}
              value={displayName}
              onChange={(event) => setDisplayName(event.currentTarget.value)}
            />
            <NativeSelect
              name="role"
              label={t('newStaff.role')}
              required
              value={role}
              onChange={(event) => setRole(event.currentTarget.value as Role | '')}
              data={[{ value: '', label: '—' }, ...ROLES.map((value) => ({ value, label: t(`common:role.${value}`) }))]}
              error={fieldError('role')}
            />
            {admin ? (
              <Text size="sm" pt="xl">
                {t('newStaff.noClinic')}
              </Text>
            ) : (
              <NativeSelect
                name="clinicId"
                label={t('newStaff.clinic')}
                required
                value={clinicId}
                onChange={(event) => setClinicId(event.currentTarget.value)}
                data={[{ value: '', label: '—' }, ...clinics.map((clinic) => ({ value: clinic.id, label: clinicLabel(clinic) }))]}
                error={fieldError('clinicId')}
              />
            )}
          </SimpleGrid>
          <FormFooter submit={t('newStaff.submit')} pending={create.isPending} />
        </Stack>
      </form>
    </Paper>
  );
}
