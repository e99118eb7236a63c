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

describe('indiscreetWords against disguised words', () => {
  it.each([
    ['美 沙 酮', '美沙酮'],
    ['美-沙-酮', '美沙酮'],
    ['meth-adone', 'methadone'],
    ['m e t h a d o n e', 'methadone'],
    ['m3thadone', 'methadone'],
    ['m3th4d0n3', 'methadone'],
    ['M.M.T.', 'mmt'],
    ['m_m_t', 'mmt'],
    ['ｍｍｔ', 'mmt'],
    ['Ｍｅｔｈａｄｏｎｅ', 'methadone'],
    ['m\u0435thadone', 'methadone'], // Cyrillic е
    ['\u041c\u0415\u0422\u041d\u0410D\u041eN\u0415', 'methadone'], // Cyrillic capitals М Е Т Н А О Е
    ['\u039c\u0395\u03a4\u0397\u0391\u0394ONE'.replace('\u0394', 'D'), 'methadone'], // Greek capitals
    ['méthadoné', 'methadone'],
    ['mèthädône', 'methadone'],
    ['h3r0in', 'heroin'],
    ['dr\u200Bug', 'drug'],
    ['d.o.s.e', 'dose'],
    ['w1thdrawa1', 'withdrawal'],
    ['wіthdrаwаl', 'withdrawal'], // Cyrillic і and а
    ['$ub$tance', 'substance'],
    ['rn ethadone', 'methadone'],
    ['治 疗', '治疗'],
    ['戒\u200B毒', '戒毒'],
  ])('finds %j as %j', (text, word) => {
    expect(indiscreetWords(`Hello, ${text} today`)).toContain(word);
  });

  it.each([
    'Hello, see you on Tuesday at 10:00. Closed on Sunday.',
    'Your appointment is on 2026-05-03 at 14:30, room 7.',
    'Please bring your ID card and phone.',
    '您好，提醒您：您于12月5日 14:00有一个预约。请带上证件。',
    'Meeting at the community centre, 3rd floor.',
  ])('lets %j through', (text) => {
    expect(indiscreetWords(text)).toEqual([]);
  });
});
