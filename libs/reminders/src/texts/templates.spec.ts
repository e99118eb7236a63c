import { REMINDER_KINDS } from '../entities/reminder.entity';
import { REMINDER_LANGUAGES } from '../entities/reminder-template.entity';
import { indiscreetWords, INDISCREET_WORDS_EN, INDISCREET_WORDS_ZH } from './discretion';
import { BUILT_IN_TEMPLATES, renderTemplate, unknownPlaceholders } from './templates';

describe('built-in reminder templates', () => {
  const all = REMINDER_KINDS.flatMap((kind) => REMINDER_LANGUAGES.map((language) => ({ kind, language })));

  it.each(all)('the $kind text in $language names no drug, treatment or the clinic’s purpose', ({ kind, language }) => {
    expect(indiscreetWords(BUILT_IN_TEMPLATES[kind][language])).toEqual([]);
  });

  it.each(all)('the $kind text in $language uses only the placeholders its kind knows', ({ kind, language }) => {
    expect(unknownPlaceholders(kind, BUILT_IN_TEMPLATES[kind][language])).toEqual([]);
  });

  it('has a text for every kind in both languages', () => {
    for (const { kind, language } of all) expect(BUILT_IN_TEMPLATES[kind][language].length).toBeGreaterThan(10);
  });
});

describe('indiscreetWords', () => {
  it('finds every listed word, in either language, whatever the case or width', () => {
    for (const word of INDISCREET_WORDS_EN) expect(indiscreetWords(`Please come: ${word.toUpperCase()} today`)).toContain(word);
    for (const word of INDISCREET_WORDS_ZH) expect(indiscreetWords(`请来${word}门诊`)).toContain(word);
    expect(indiscreetWords('Ｍｅｔｈａｄｏｎｅ')).toEqual(['methadone']);
    expect(indiscreetWords('metha\u200Bdone')).toEqual(['methadone']);
    expect(indiscreetWords('your doses and drugs')).toEqual(expect.arrayContaining(['dose', 'drug']));
  });

  it('lets ordinary texts through', () => {
    expect(indiscreetWords('Hello, see you on Tuesday at 10:00. Closed on Sunday.')).toEqual([]);
    expect(indiscreetWords('您好，周二上午十点见。')).toEqual([]);
  });
});

describe('renderTemplate', () => {
  it('fills placeholders and tidies what an empty one leaves behind', () => {
    expect(renderTemplate(BUILT_IN_TEMPLATES.appointment.en, { when: 'on 5 December at 14:00', note: '' })).toBe(
      'Hello, a reminder: you have an appointment on 5 December at 14:00.',
    );
    expect(renderTemplate(BUILT_IN_TEMPLATES.appointment['zh-CN'], { when: '12月5日 14:00', note: '请带上证件。' })).toBe(
      '您好，提醒您：您于12月5日 14:00有一个预约。请带上证件。',
    );
  });
});
