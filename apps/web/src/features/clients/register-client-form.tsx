import { useState, type FormEvent } from 'react';
import { Alert, NativeSelect, Paper, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/api-error';
import { api, type Schemas } from '../../api/client';
import { useIdempotentCreate } from '../../api/idempotent-create';
import { todayIso } from '../../i18n/clinic-time';
import { useClinicTimeZone } from '../../i18n/format';
import { ErrorAlert, useFieldErrors } from '../../ui/errors';
import { FormFooter } from '../../ui/form-footer';
import { clientKey, optional } from './client-data';
import { Section } from './parts';
import './messages';

type Sex = Schemas['RegisterClientDto']['sex'];
type Language = Schemas['RegisterClientDto']['preferredLanguage'];

type RegisterBody = Schemas['RegisterClientDto'];

const EMPTY = {
  familyName: '',
  givenName: '',
  preferredName: '',
  dateOfBirth: '',
  sex: '',
  phone: '',
  email: '',
  nationalId: '',
  preferredLanguage: 'zh-CN',
  intakeDate: '',
};
type FormFields = typeof EMPTY;

/** Registers a client (counselor, coordinator) and opens the new record. */
export function RegisterClientForm() {
  const { t } = useTranslation('clients');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const timeZone = useClinicTimeZone();
  const [form, setForm] = useState<FormFields>(() => ({ ...EMPTY, intakeDate: todayIso(timeZone) }));
  const set = (field: keyof FormFields) => (value: string) => setForm((current) => ({ ...current, [field]: value }));

  const register = useIdempotentCreate((body: RegisterBody, header) => api.POST('/api/v1/clients', { params: { header }, body }), {
    onSuccess: async (client) => {
      queryClient.setQueryData(clientKey(client.id), client);
      await queryClient.invalidateQueries({ queryKey: ['clients', 'caseload'] });
      await navigate(`/clients/${client.id}`);
    },
  });
  const duplicate = register.error instanceof ApiError && register.error.code === 'DUPLICATE_CLIENT';
  const fieldError = useFieldErrors(register.error);
  const errorOf = (field: keyof FormFields) => (field === 'nationalId' && duplicate ? t('common:error.field') : fieldError(field));

  function submit(event: FormEvent) {
    event.preventDefault();
    register.mutate({
      givenName: form.givenName.trim(),
      familyName: form.familyName.trim(),
      preferredName: optional(form.preferredName),
      dateOfBirth: form.dateOfBirth,
      sex: form.sex as Sex,
      phone: optional(form.phone),
      email: optional(form.email),
      nationalId: optional(form.nationalId),
      preferredLanguage: form.preferredLanguage as Language,
      intakeDate: form.intakeDate,
    });
  }

  const input = (
    field: keyof FormFields,
    props: { type?: string; required?: boolean; description?: string; autoComplete?: string } = {},
  ) => (
    <TextInput
      label={t(`field.${field}`)}
      name={field}
      data-testid={`register-${field}`}
      value={form[field]}
      onChange={(event) => set(field)(event.currentTarget.value)}
      error={errorOf(field)}
      autoComplete={props.autoComplete ?? 'off'}
      {...props}
    />
  );

  return (
    <Paper withBorder p="md">
      <Section title={t('register.title')} testId="register-client">
        <form onSubmit={submit}>
          <Stack>
            {duplicate ? (
              <Alert color="red" role="alert" title={t('common:error.title')} data-testid="error">
                {t('register.duplicate')}
              </Alert>
            ) : (
              <ErrorAlert error={register.error} />
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {input('familyName', { required: true })}
              {input('givenName', { required: true })}
              {input('preferredName', { description: t('field.preferredNameHint') })}
              {input('dateOfBirth', { type: 'date', required: true })}
              <NativeSelect
                label={t('field.sex')}
                name="sex"
                data-testid="register-sex"
                required
                value={form.sex}
                onChange={(event) => set('sex')(event.currentTarget.value)}
                error={errorOf('sex')}
                data={[
                  { value: '', label: t('choose') },
                  ...(['female', 'male', 'other', 'unknown'] as const).map((sex) => ({ value: sex, label: t(`common:sex.${sex}`) })),
                ]}
              />
              {input('phone', { type: 'tel' })}
              {input('email', { type: 'email' })}
              {input('nationalId')}
              <NativeSelect
                label={t('field.preferredLanguage')}
                name="preferredLanguage"
                data-testid="register-preferredLanguage"
                value={form.preferredLanguage}
                onChange={(event) => set('preferredLanguage')(event.currentTarget.value)}
                error={errorOf('preferredLanguage')}
                data={(['zh-CN', 'en'] as const).map((language) => ({ value: language, label: t(`language.${language}`) }))}
              />
              {input('intakeDate', { type: 'date', required: true, description: t('field.intakeDateHint') })}
            </SimpleGrid>
            <FormFooter submit={t('register.submit')} pending={register.isPending} testId="register-submit" />
          </Stack>
        </form>
      </Section>
    </Paper>
  );
}
