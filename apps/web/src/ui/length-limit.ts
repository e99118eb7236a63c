import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Characters as the API counts them (code points: 𠀋 is one). */
function length(value: string): number {
  return [...value].length;
}

/**
 * Free text the API keeps up to `max` characters: the field shows a counter
 * and says so when there is too much, instead of cutting off what was typed
 * (no `maxLength` on the input: nothing a person writes disappears silently).
 * Spread the answer into a Mantine input: `{...limit(value, 200, { error })}`.
 */
export function useLengthLimit(): (
  value: string,
  max: number,
  field?: { hint?: string; error?: ReactNode },
) => { description: ReactNode; error: ReactNode } {
  const { t } = useTranslation();
  return (value, max, field = {}) => {
    const count = t('limit.count', { count: length(value), max });
    const over = length(value) > max;
    return {
      description: field.hint ? `${field.hint} · ${count}` : count,
      error: over ? t('error.fieldKey.tooLong', { max }) : field.error,
    };
  };
}
