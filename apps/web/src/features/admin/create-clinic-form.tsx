import { useState, type FormEvent } from 'react';
import { NativeSelect, Paper, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorCode } from '../../api/api-error';
import { api, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { useLengthLimit } from '../../ui/length-limit';
import { FormFooter } from '../../ui/form-footer';
import { adminKeys, type Clinic } from './admin-api';
import { TIME_ZONES } from './time-zones';

type ClinicBody = Schemas['CreateClinicDto'];

/** POST /clinics: code, name and time zone (Asia/Shanghai unless chosen). */
export function CreateClinicForm({ onCreated }: { onCreated: (clinic: Clinic) => void }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState('Asia/Shanghai');
  const create = useIdempotentCreate((body: ClinicBody, header) => api.POST('/api/v1/clinics', { params: { header }, body }), {
    onSuccess: async (clinic) => {
      setCode('');
      setName('');
      setTimeZone('Asia/Shanghai');
      onCreated(clinic);
      await queryClient.invalidateQueries({ queryKey: adminKeys.clinics });
    },
  });
  const fieldError = useFieldErrors(create.error);
  const limit = useLengthLimit();
  const codeTaken = create.error !== null && errorCode(create.error) === 'CLINIC_CODE_TAKEN';

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ code: code.trim(), name: name.trim(), timeZone });
  }

  return (
    <Paper withBorder p="md">
      <form noValidate onSubmit={submit} aria-label={t('newClinic.title')}>
        <Stack gap="sm">
          <Title order={3}>{t('newClinic.title')}</Title>
          <ErrorAlert error={create.error} />
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <TextInput
              name="code"
              label={t('newClinic.code')}
              required
              {...limit(code, 8, {
                hint: t('newClinic.codeHint'),
                error: codeTaken ? t('common:error.CLINIC_CODE_TAKEN') : fieldError('code'),
              })}
              value={code}
              onChange={(event) => setCode(event.currentTarget.value.toUpperCase())}
            />
            <TextInput
              name="name"
              label={t('newClinic.name')}
              required
              {...limit(name, 200, { error: fieldError('name') })}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
            />
            <NativeSelect
              name="timeZone"
              label={t('newClinic.timeZone')}
              description={t('newClinic.timeZoneHint')}
              value={timeZone}
              onChange={(event) => setTimeZone(event.currentTarget.value)}
              data={TIME_ZONES}
              error={fieldError('timeZone')}
            />
          </SimpleGrid>
          <FormFooter submit={t('newClinic.submit')} pending={create.isPending} />
        </Stack>
      </form>
    </Paper>
  );
}
