import { Instrument } from './instrument';

/**
 * Patient Health Questionnaire, depression module.
 *
 * Source: Kroenke, K., Spitzer, R. L., & Williams, J. B. W. (2001). The PHQ-9:
 * validity of a brief depression severity measure. Journal of General Internal
 * Medicine, 16(9), 606–613. Nine items on the last two weeks, each 0 (not at
 * all) to 3 (nearly every day). Total = SUM (0–27); severity bands 0–4
 * minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe.
 * The instrument's tenth, unscored question (how difficult the problems made
 * things) is not part of the score and is not asked here.
 *
 * Chinese: the official translations are published with the PHQ by its
 * authors (Pfizer's educational grant; phqscreeners.com). Their exact
 * Simplified Chinese wording could not be verified from here (the copies
 * found differ from each other word by word), so none is shipped: zh-CN
 * shows the English text, and says so. Replace `text['zh-CN']` with the
 * official Simplified Chinese wording when it has been checked against it.
 */
export const PHQ9: Instrument = {
  key: 'phq9',
  title: { en: 'Patient Health Questionnaire (PHQ-9)', 'zh-CN': '患者健康问卷（PHQ-9）' },
  source:
    'Kroenke K, Spitzer RL, Williams JBW (2001). The PHQ-9: validity of a brief depression severity measure. ' +
    'J Gen Intern Med 16(9):606–613.',
  instructions: {
    en: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
    'zh-CN': null,
  },
  items: [
    { number: 1, text: { en: 'Little interest or pleasure in doing things', 'zh-CN': null } },
    { number: 2, text: { en: 'Feeling down, depressed, or hopeless', 'zh-CN': null } },
    { number: 3, text: { en: 'Trouble falling or staying asleep, or sleeping too much', 'zh-CN': null } },
    { number: 4, text: { en: 'Feeling tired or having little energy', 'zh-CN': null } },
    { number: 5, text: { en: 'Poor appetite or overeating', 'zh-CN': null } },
    {
      number: 6,
      text: { en: 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down', 'zh-CN': null },
    },
    { number: 7, text: { en: 'Trouble concentrating on things, such as reading the newspaper or watching television', 'zh-CN': null } },
    {
      number: 8,
      text: {
        en:
          'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless ' +
          'that you have been moving around a lot more than usual',
        'zh-CN': null,
      },
    },
    { number: 9, text: { en: 'Thoughts that you would be better off dead or of hurting yourself in some way', 'zh-CN': null } },
  ],
  scale: {
    min: 0,
    max: 3,
    labels: [
      { en: 'Not at all', 'zh-CN': null },
      { en: 'Several days', 'zh-CN': null },
      { en: 'More than half the days', 'zh-CN': null },
      { en: 'Nearly every day', 'zh-CN': null },
    ],
  },
  subscales: [],
  bands: [
    { key: 'minimal', min: 0, max: 4, title: { en: 'Minimal', 'zh-CN': '极轻' } },
    { key: 'mild', min: 5, max: 9, title: { en: 'Mild', 'zh-CN': '轻度' } },
    { key: 'moderate', min: 10, max: 14, title: { en: 'Moderate', 'zh-CN': '中度' } },
    { key: 'moderately_severe', min: 15, max: 19, title: { en: 'Moderately severe', 'zh-CN': '中重度' } },
    { key: 'severe', min: 20, max: 27, title: { en: 'Severe', 'zh-CN': '重度' } },
  ],
  scoring: {
    method: 'sum',
    reversed: [],
    totalRange: { min: 0, max: 27 },
    note: 'Kroenke et al. (2001): the sum of the 9 items (0–27), banded 0–4, 5–9, 10–14, 15–19, 20–27.',
  },
  translation: {
    en: { source: 'Kroenke et al. (2001), the original.', note: 'Items as published.' },
    'zh-CN': {
      source: null,
      note: 'The official Simplified Chinese wording could not be verified; the items are shown in English.',
    },
  },
};
