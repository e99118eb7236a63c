import { Instrument } from './instrument';

/**
 * Perceived Stigma of Addiction Scale (PSAS; the author's own sheet calls it
 * the Perceived Stigma of Substance Abuse Scale).
 *
 * Source: Luoma, J. B., O'Hair, A. K., Kohlenberg, B. S., Hayes, S. C., &
 * Fletcher, L. (2010). The development and psychometric properties of a new
 * measure of perceived stigma toward substance users. Substance Use & Misuse,
 * 45(1–2), 47–57. Eight items adapted from Link's perceived
 * devaluation-discrimination scale. The author's scoring sheet: each item 1
 * (strongly disagree) to 4 (strongly agree); items 1, 2, 3, 4, 6 and 8 are
 * reversed (5 − answer); total = SUM, 8–32, higher = more perceived stigma.
 * (A 1–6 rating appears in other adaptations; this file follows the published
 * sheet, 1–4.)
 *
 * Item wording: items 1–3 are as published on the author's sheet. The exact
 * published wording of items 4–8 could not be verified from here, so no text
 * is shipped for them (`text` null in both languages): the form asks the
 * counselor to read them from the published sheet, and their answers are
 * scored by the published rule all the same. Fill them in from Luoma et al.
 * (2010) when checked against it.
 *
 * Chinese: no published Chinese version was found; zh-CN shows the English text.
 */
export const STIGMA: Instrument = {
  key: 'stigma',
  title: { en: 'Perceived Stigma of Addiction Scale (PSAS)', 'zh-CN': '成瘾病耻感知量表（PSAS）' },
  source:
    "Luoma JB, O'Hair AK, Kohlenberg BS, Hayes SC, Fletcher L (2010). The development and psychometric properties of a new " +
    'measure of perceived stigma toward substance users. Subst Use Misuse 45(1–2):47–57.',
  instructions: {
    en:
      'Please read each statement carefully and circle the number below the item that indicates the degree of your agreement ' +
      'or disagreement with each statement. Please use the scale below, and please do not omit any item.',
    'zh-CN': null,
  },
  items: [
    {
      number: 1,
      text: { en: 'Most people would willingly accept someone who has been treated for substance use as a close friend.', 'zh-CN': null },
    },
    {
      number: 2,
      text: {
        en: 'Most people believe that someone who has been treated for substance use is just as trustworthy as the average citizen.',
        'zh-CN': null,
      },
    },
    {
      number: 3,
      text: {
        en: 'Most people would accept someone who has been treated for substance use as a teacher of young children in a public school.',
        'zh-CN': null,
      },
    },
    { number: 4, text: { en: null, 'zh-CN': null } },
    { number: 5, text: { en: null, 'zh-CN': null } },
    { number: 6, text: { en: null, 'zh-CN': null } },
    { number: 7, text: { en: null, 'zh-CN': null } },
    { number: 8, text: { en: null, 'zh-CN': null } },
  ],
  scale: {
    min: 1,
    max: 4,
    labels: [
      { en: 'Strongly disagree', 'zh-CN': null },
      { en: 'Disagree', 'zh-CN': null },
      { en: 'Agree', 'zh-CN': null },
      { en: 'Strongly agree', 'zh-CN': null },
    ],
  },
  subscales: [],
  bands: [],
  scoring: {
    method: 'sum',
    reversed: [1, 2, 3, 4, 6, 8],
    totalRange: { min: 8, max: 32 },
    note: 'Luoma et al. (2010), author’s sheet: items 1, 2, 3, 4, 6, 8 reversed (5 − answer), then summed (8–32).',
  },
  translation: {
    en: {
      source: 'Luoma et al. (2010), the author’s scale sheet.',
      note: 'Items 1–3 as published; the wording of items 4–8 is to be read from the published sheet (not verified here).',
    },
    'zh-CN': { source: null, note: 'No published Chinese version was found; the scale is shown in English.' },
  },
};
