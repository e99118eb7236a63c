import { Instrument } from './instrument';

/**
 * Multidimensional Scale of Perceived Social Support.
 *
 * Source: Zimet, G. D., Dahlem, N. W., Zimet, S. G., & Farley, G. K. (1988).
 * The Multidimensional Scale of Perceived Social Support. Journal of
 * Personality Assessment, 52(1), 30–41. Twelve items rated 1 (very strongly
 * disagree) to 7 (very strongly agree); subscales Significant Other (items 1,
 * 2, 5, 10), Family (3, 4, 8, 11) and Friends (6, 7, 9, 12).
 *
 * Scoring: as Zimet et al. score it, each subscale is the MEAN of its four
 * items and the total the mean of all twelve (range 1–7, higher = more
 * support). No item is reversed. (The Chinese manual reports sums, 12–84;
 * a sum is the total × 12.)
 *
 * Chinese: the published Chinese version, 领悟社会支持量表 (PSSS) by 姜乾金, in
 * 汪向东、王希林、马弘 (编)《心理卫生评定量表手册（增订版）》, 中国心理卫生杂志社,
 * 1999, pp. 131–133: the same twelve items in the same order and subscales,
 * where the "special person" items read 有些人（领导、亲戚、同事）; its
 * subscale of those items is called 其他支持.
 */
export const MSPSS: Instrument = {
  key: 'mspss',
  title: { en: 'Multidimensional Scale of Perceived Social Support (MSPSS)', 'zh-CN': '领悟社会支持量表（MSPSS）' },
  source:
    'Zimet GD, Dahlem NW, Zimet SG, Farley GK (1988). The Multidimensional Scale of Perceived Social Support. ' +
    'J Pers Assess 52(1):30–41. Chinese: 姜乾金, 领悟社会支持量表, in 汪向东等《心理卫生评定量表手册（增订版）》1999:131–133.',
  instructions: {
    en: 'We are interested in how you feel about the following statements. Read each statement carefully. Indicate how you feel about each statement.',
    'zh-CN': '以下12个句子，每一个句子后面各有7个答案。请你根据自己的实际情况在每句后面选择一个答案。',
  },
  items: [
    {
      number: 1,
      text: {
        en: 'There is a special person who is around when I am in need.',
        'zh-CN': '在我遇到问题时有些人（领导、亲戚、同事）会出现在我的身旁',
      },
    },
    {
      number: 2,
      text: {
        en: 'There is a special person with whom I can share my joys and sorrows.',
        'zh-CN': '我能够与有些人（领导、亲戚、同事）共享快乐与忧伤',
      },
    },
    { number: 3, text: { en: 'My family really tries to help me.', 'zh-CN': '我的家庭能够切实具体地给我帮助' } },
    {
      number: 4,
      text: { en: 'I get the emotional help and support I need from my family.', 'zh-CN': '在需要时我能够从家庭获得感情上的帮助和支持' },
    },
    {
      number: 5,
      text: {
        en: 'I have a special person who is a real source of comfort to me.',
        'zh-CN': '当我有困难时有些人（领导、亲戚、同事）是安慰我的真正源泉',
      },
    },
    { number: 6, text: { en: 'My friends really try to help me.', 'zh-CN': '我的朋友们能真正的帮助我' } },
    { number: 7, text: { en: 'I can count on my friends when things go wrong.', 'zh-CN': '在发生困难时我可以依靠我的朋友们' } },
    { number: 8, text: { en: 'I can talk about my problems with my family.', 'zh-CN': '我能与自己的家庭谈论我的难题' } },
    { number: 9, text: { en: 'I have friends with whom I can share my joys and sorrows.', 'zh-CN': '我的朋友们能与我分享快乐与忧伤' } },
    {
      number: 10,
      text: {
        en: 'There is a special person in my life who cares about my feelings.',
        'zh-CN': '在我的生活中有些人（领导、亲戚、同事）关心着我的感情',
      },
    },
    { number: 11, text: { en: 'My family is willing to help me make decisions.', 'zh-CN': '我的家庭能心甘情愿协助我做出各种决定' } },
    { number: 12, text: { en: 'I can talk about my problems with my friends.', 'zh-CN': '我能与朋友们讨论自己的难题' } },
  ],
  scale: {
    min: 1,
    max: 7,
    labels: [
      { en: 'Very strongly disagree', 'zh-CN': '极不同意' },
      { en: 'Strongly disagree', 'zh-CN': '很不同意' },
      { en: 'Mildly disagree', 'zh-CN': '稍不同意' },
      { en: 'Neutral', 'zh-CN': '中立' },
      { en: 'Mildly agree', 'zh-CN': '稍同意' },
      { en: 'Strongly agree', 'zh-CN': '很同意' },
      { en: 'Very strongly agree', 'zh-CN': '极同意' },
    ],
  },
  subscales: [
    { key: 'family', title: { en: 'Family', 'zh-CN': '家庭支持' }, items: [3, 4, 8, 11] },
    { key: 'friends', title: { en: 'Friends', 'zh-CN': '朋友支持' }, items: [6, 7, 9, 12] },
    { key: 'significant_other', title: { en: 'Significant other', 'zh-CN': '其他支持' }, items: [1, 2, 5, 10] },
  ],
  bands: [],
  scoring: {
    method: 'mean',
    reversed: [],
    totalRange: { min: 1, max: 7 },
    note: 'Zimet et al. (1988): each subscale the mean of its 4 items, the total the mean of all 12 (1–7). Sum = total × 12.',
  },
  translation: {
    en: { source: 'Zimet et al. (1988), the original.', note: 'Items as published.' },
    'zh-CN': {
      source: '姜乾金, 领悟社会支持量表 (PSSS), 汪向东等《心理卫生评定量表手册（增订版）》1999:131–133.',
      note: 'The published Chinese version; items 1, 2, 5 and 10 name 领导、亲戚、同事 for the "special person".',
    },
  },
};
