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
import { DateField } from '../../ui/date-field';
import { FormFooter } from '../../ui/form-footer';
import { useLengthLimit } from '../../ui/length-limit';
import { clientKey, optional } from './client-data';
import { Section } from './parts';
import './messages';

type Sex = Schemas['RegisterClientDto']['sex'];
type Language = Schemas['RegisterClientDto']['preferredLanguage'];

type RegisterBody = Schemas['RegisterClientDto'];

/** The API keeps names up to this many characters. */
const NAME_MAX = 100;

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
  const limit = useLengthLimit();
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
    props: { type?: string; required?: boolean; description?: string; autoComplete?: string; max?: number } = {},
  ) => {
    const { max, ...rest } = props;
    return (
      <TextInput
        label={t(`field.${field}`)}
        name={field}
        data-testid={`register-${field}`}
        value={form[field]}
        onChange={(event) => set(field)(event.currentTarget.value)}
        error={errorOf(field)}
        autoComplete={rest.autoComplete ?? 'off'}
        {...rest}
        {...(max ? limit(form[field], max, { hint: rest.description, error: errorOf(field) }) : {})}
      />
    );
  };
  const date = (field: 'dateOfBirth' | 'intakeDate', description?: string) => (
    <DateField
      label={t(`field.${field}`)}
      description={description}
      name={field}
      required
      value={form[field] || null}
      onChange={(value) => set(field)(value ?? '')}
      error={errorOf(field)}
      testId={`register-${field}`}
      typed
    />
  );

  return (
    <Paper withBorder p="md">
      <Section title={t('register.title')} testId="register-client">
        <form noValidate onSubmit={submit}>
          <Stack>
            {duplicate ? (
              <Alert color="red" role="alert" title={t('common:error.title')} data-testid="error">
                {t('register.duplicate')}
              </Alert>
            ) : (
              <ErrorAlert error={register.error} />
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {input('familyName', { required: true, max: NAME_MAX })}
              {input('givenName', { required: true, max: NAME_MAX })}
              {input('preferredName', { description: t('field.preferredNameHint'), max: NAME_MAX })}
              {date('dateOfBirth')}
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
              {date('intakeDate', t('field.intakeDateHint'))}
            </SimpleGrid>
            <FormFooter submit={t('register.submit')} pending={register.isPending} testId="register-submit" />
          </Stack>
        </form>
      </Section>
    </Paper>
  );
}
