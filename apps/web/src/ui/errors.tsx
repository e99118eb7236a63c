import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError, errorCode, type FieldProblem } from '../api/api-error';

/** An API error in words a person understands, in their language. */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => t(`error.${errorCode(error)}`, { defaultValue: t('error.UNKNOWN') });
}

/** When the API names several problems of one field, the one a person fixes first. */
const FIRST_KEYS = ['required', 'unknown', 'text', 'number', 'date', 'oneOf', 'format'];

function rank(problem: FieldProblem): number {
  const index = FIRST_KEYS.indexOf(problem.key ?? '');
  return index < 0 ? FIRST_KEYS.length : index;
}

/**
 * The fields the API named as invalid, each marked on its form field with
 * what is wrong, in the user's language (the API's `key` and `limits`).
 */
export function useFieldErrors(error: unknown): (field: string) => string | undefined {
  const { t } = useTranslation();
  const problems = error instanceof ApiError ? error.fields : [];
  return (field) => {
    const own = problems
      .filter((p) => p.field === field || p.field.startsWith(`${field}.`) || p.field.startsWith(`${field}[`))
      .sort((a, b) => rank(a) - rank(b));
    if (own.length === 0) return undefined;
    const { key, limits } = own[0];
    return key ? t(`error.fieldKey.${key}`, { ...limits, defaultValue: t('error.field') }) : t('error.field');
  };
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
