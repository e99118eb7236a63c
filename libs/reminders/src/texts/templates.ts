import type { ReminderKind, ReminderRecipient } from '../entities/reminder.entity';
import type { ReminderLanguage } from '../entities/reminder-template.entity';

/**
 * The built-in texts, by kind and language. Placeholders in braces are
 * filled in at send time ({@link PLACEHOLDERS}). A clinic may put its own
 * text in place of any of them (`PUT /clinics/:id/reminder-templates/...`).
 *
 * None of the texts to clients or relatives names the clinic, its purpose,
 * drugs or treatment (templates.spec.ts scans them); the clinic's name is not
 * a placeholder for the same reason.
 */
export const BUILT_IN_TEMPLATES: Readonly<Record<ReminderKind, Readonly<Record<ReminderLanguage, string>>>> = {
  appointment: {
    'zh-CN': '您好，提醒您：您于{when}有一个预约。{note}',
    en: 'Hello, a reminder: you have an appointment {when}. {note}',
  },
  meeting: {
    'zh-CN': '您好，提醒您：小组活动将于{when}举行，欢迎参加。',
    en: 'Hello, a reminder: the group meets {when}. You are welcome to join.',
  },
  missed_dose: {
    'zh-CN': '您好，我们昨天没有见到您，一切都好吗？方便时请与我们联系。',
    en: 'Hello, we missed you yesterday. Is everything all right? Please get in touch when you can.',
  },
  family_outreach: {
    'zh-CN': '您好，我们想和您聊一聊，方便时请回电。',
    en: 'Hello, we would like to talk with you. Please call us back when convenient.',
  },
  consent_expiry: {
    'zh-CN': '来访者 {code} 的“{scope}”同意将于 {validUntil} 到期，请及时与其确认是否续签。',
    en: 'Client {code}: the "{scope}" consent ends on {validUntil}. Please ask whether they wish to renew it.',
  },
};

/** The placeholders each kind may use. */
export const PLACEHOLDERS: Readonly<Record<ReminderKind, readonly string[]>> = {
  appointment: ['when', 'date', 'time', 'note'],
  meeting: ['when', 'date', 'time'],
  missed_dose: [],
  family_outreach: [],
  consent_expiry: ['code', 'scope', 'validUntil'],
};

/** Who receives each kind: texts to clients and relatives must be discreet. */
export const RECIPIENT_OF: Readonly<Record<ReminderKind, ReminderRecipient>> = {
  appointment: 'client',
  meeting: 'client',
  missed_dose: 'client',
  family_outreach: 'family',
  consent_expiry: 'staff',
};

/** Does a text of this kind reach a client's or a relative's phone or mailbox? */
export function reachesClientOrFamily(kind: ReminderKind): boolean {
  return RECIPIENT_OF[kind] !== 'staff';
}

/** Staff have no language on file; notices to them are in the language of the clinics (overridable per clinic). */
export const STAFF_LANGUAGE: ReminderLanguage = 'zh-CN';

/** The subject of a reminder e-mail: says nothing. */
export const EMAIL_SUBJECT: Readonly<Record<ReminderLanguage, string>> = { 'zh-CN': '提醒', en: 'Reminder' };

/** Placeholders in `text` that its kind does not know. */
export function unknownPlaceholders(kind: ReminderKind, text: string): string[] {
  const known = new Set(PLACEHOLDERS[kind]);
  return [...text.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1]).filter((name) => !known.has(name));
}

/** Fills the placeholders of `template`; missing values become empty, and the spacing left behind is tidied. */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template
    .replace(/\{([A-Za-z]+)\}/g, (_whole, name: string) => values[name] ?? '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ ([.。,，!！?？])/g, '$1')
    .trim();
}
