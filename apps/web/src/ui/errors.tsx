import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError, errorCode } from '../api/api-error';

/** An API error in words a person understands, in their language. */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => t(`error.${errorCode(error)}`, { defaultValue: t('error.UNKNOWN') });
}

/** The fields the API named as invalid, each marked on its form field. */
export function useFieldErrors(error: unknown): (field: string) => string | undefined {
  const { t } = useTranslation();
  const fields = error instanceof ApiError ? error.fields.map((f) => f.field) : [];
  return (field) =>
    fields.some((f) => f === field || f.startsWith(`${field}.`) || f.startsWith(`${field}[`)) ? t('error.field') : undefined;
}

export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  if (!error) return null;
  return (
    <Alert color="red" title={t('error.title')} role="alert" data-testid="error">
      {message(error)}
    </Alert>
  );
}
