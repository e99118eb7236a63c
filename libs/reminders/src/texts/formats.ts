import type { ReminderLanguage } from '../entities/reminder-template.entity';

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A clinic day as people write it: 12月5日, 5 December. */
export function formatDate(language: ReminderLanguage, date: string): string {
  const [, month, day] = date.split('-').map(Number);
  return language === 'zh-CN' ? `${month}月${day}日` : `${day} ${MONTHS_EN[month - 1]}`;
}

/** The {when} of an appointment or meeting: day and time when known; a vague "soon" when neither is. */
export function formatWhen(language: ReminderLanguage, date: string | null, time: string | null): string {
  if (language === 'zh-CN') {
    if (!date) return '近日';
    return time ? `${formatDate(language, date)} ${time}` : formatDate(language, date);
  }
  if (!date) return 'soon';
  return time ? `on ${formatDate(language, date)} at ${time}` : `on ${formatDate(language, date)}`;
}

const SCOPES: Readonly<Record<ReminderLanguage, Readonly<Record<string, string>>>> = {
  'zh-CN': {
    peer_support: '同伴支持',
    family_contact: '联系家属',
    sms_reminders: '短信提醒',
    email_reminders: '邮件提醒',
    research: '研究数据',
  },
  en: {
    peer_support: 'peer support',
    family_contact: 'family contact',
    sms_reminders: 'SMS reminders',
    email_reminders: 'e-mail reminders',
    research: 'research',
  },
};

export function formatScope(language: ReminderLanguage, scope: string): string {
  return SCOPES[language][scope] ?? scope;
}
