import type { ReminderKind } from '../entities/reminder.entity';
import { indiscreetWords } from './discretion';
import { reachesClientOrFamily } from './templates';

/**
 * The parameters an approved SMS template (Aliyun, Tencent Cloud) may name,
 * by kind: only values a reminder fills from its own record, each of them
 * discreet by construction (a day, a time, a client's code to staff). The
 * free-text note of an appointment is deliberately not among them: these
 * providers never receive free text.
 *
 * - `when`: day and time as people say it (`12月5日 09:30`, `on 5 December at 09:30`)
 * - `date`: the day (`12月5日`, `5 December`); `time`: `09:30`
 * - `code`, `scope`, `validUntil`: the consent notice to staff
 */
export const SMS_TEMPLATE_PARAMS: Readonly<Record<ReminderKind, readonly string[]>> = {
  appointment: ['when', 'date', 'time'],
  meeting: ['when', 'date', 'time'],
  missed_dose: [],
  family_outreach: [],
  consent_expiry: ['code', 'scope', 'validUntil'],
};

const ALL_PARAMS = new Set(Object.values(SMS_TEMPLATE_PARAMS).flat());

/** Of a reminder's values, those a template may name (the note, free text, never is one). */
export function smsTemplateValues(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([name]) => ALL_PARAMS.has(name)));
}

/** Values shown in a template's preview and sent by a test message, by parameter. */
export const SMS_SAMPLE_VALUES: Readonly<Record<string, string>> = {
  when: '12月5日 09:30',
  date: '12月5日',
  time: '09:30',
  code: 'A-0001',
  scope: '短信提醒',
  validUntil: '2026-12-31',
};

const PLACEHOLDER = /\$\{([^{}]*)\}/g;

/** The `${name}` placeholders of an approved text. */
export function smsPlaceholders(previewText: string): string[] {
  return [...previewText.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

/** Fills the `${name}` placeholders of an approved text, as the provider will. */
export function fillSmsTemplate(previewText: string, values: Readonly<Record<string, string>>): string {
  return previewText.replace(PLACEHOLDER, (_whole, name: string) => values[name] ?? '');
}

export type SmsTemplateProblem =
  | { field: 'params'; kind: 'unknown'; name: string }
  | { field: 'params'; kind: 'repeated'; name: string }
  | { field: 'previewText'; kind: 'undeclared'; name: string }
  | { field: 'previewText'; kind: 'indiscreet'; words: string[] };

/**
 * What is wrong with a template for `kind`, first the parameter names (one
 * the kind cannot fill, or one named twice), then the text (a placeholder
 * that is not a declared parameter; for texts to clients and relatives, a
 * word of the discretion rule, in either language).
 */
export function smsTemplateProblems(kind: ReminderKind, params: readonly string[], previewText: string): SmsTemplateProblem[] {
  const problems: SmsTemplateProblem[] = [];
  const allowed = new Set(SMS_TEMPLATE_PARAMS[kind]);
  const seen = new Set<string>();
  for (const name of params) {
    if (!allowed.has(name)) problems.push({ field: 'params', kind: 'unknown', name });
    else if (seen.has(name)) problems.push({ field: 'params', kind: 'repeated', name });
    seen.add(name);
  }
  for (const name of new Set(smsPlaceholders(previewText))) {
    if (!seen.has(name)) problems.push({ field: 'previewText', kind: 'undeclared', name });
  }
  if (reachesClientOrFamily(kind)) {
    // The text with its placeholders and with sample values: a word cannot hide behind or be formed by a placeholder.
    const words = new Set([...indiscreetWords(previewText), ...indiscreetWords(fillSmsTemplate(previewText, SMS_SAMPLE_VALUES))]);
    if (words.size > 0) problems.push({ field: 'previewText', kind: 'indiscreet', words: [...words] });
  }
  return problems;
}
