import { registerMessages, type Bundle } from '../../i18n/i18n';

export const NS = 'assessments';

/** The words of the assessments on the client record (namespace `assessments`). Item wording comes from the instruments. */
const messages: Bundle = {
  en: {
    formTitle: 'Take an assessment with the client',
    instrument: 'Instrument',
    date: 'Date',
    progress: '{{answered}} of {{total}} answered',
    item: 'Item {{number}}',
    itemFromSheet: 'Item {{number}}: read its wording from the published form',
    noTranslation: 'No published Chinese version of this scale was found; it is shown in English.',
    source: 'Source: {{source}}',
    unanswered: 'Answer every item first. Not yet answered: {{items}}',
    submit: 'Save the assessment',
    saved: 'Saved: total {{total}}',
    chartTitle: 'Scores over time',
    chartEmpty: 'No assessments yet.',
    total: 'Total',
    band: {
      minimal: 'Minimal',
      mild: 'Mild',
      moderate: 'Moderate',
      moderately_severe: 'Moderately severe',
      severe: 'Severe',
    },
    historyTitle: 'Recorded assessments',
    answersWithheld: 'Scores only: the answers item by item are shown to the client’s counselor.',
  },
  'zh-CN': {
    formTitle: '与服务对象一起完成评估',
    instrument: '量表',
    date: '日期',
    progress: '已答 {{answered}} / {{total}} 题',
    item: '第 {{number}} 题',
    itemFromSheet: '第 {{number}} 题：请按已发表的量表原文读题',
    noTranslation: '此量表尚无已发表的中文版本，以英文显示。',
    source: '来源：{{source}}',
    unanswered: '请先回答所有题目。尚未回答：{{items}}',
    submit: '保存评估',
    saved: '已保存：总分 {{total}}',
    chartTitle: '得分变化',
    chartEmpty: '尚无评估记录。',
    total: '总分',
    band: {
      minimal: '极轻',
      mild: '轻度',
      moderate: '中度',
      moderately_severe: '中重度',
      severe: '重度',
    },
    historyTitle: '已记录的评估',
    answersWithheld: '仅显示得分：逐题答案只对服务对象的咨询员显示。',
  },
};

registerMessages(NS, messages);
