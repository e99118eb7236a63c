import { registerMessages } from '../../i18n/i18n';

/** The words of the dosing-history import (namespace `dosingImport`). */
export const NS = 'dosingImport';

registerMessages(NS, {
  en: {
    title: 'Import dosing history',
    intro:
      'Doses given before the clinic used Tongban, from a CSV file with the header {{header}}. Every row must name a client of this clinic, fall on or after their intake and not in the future, and give at most one observed dose per client and day. All rows are imported or none.',
    example: 'Example',
    file: 'CSV file',
    fileHint: 'At most {{rows}} rows.',
    chooseFile: 'Choose a file…',
    clearFile: 'Remove the chosen file',
    submit: 'Import',
    imported_one: '{{count}} row imported.',
    imported_other: '{{count}} rows imported.',
    failedTitle: 'Nothing was imported',
    failedCount_one: '{{count}} row fails.',
    failedCount_other: '{{count}} rows fail.',
    listed: 'The first {{listed}} are listed below; correct them and the others, then import the whole file again.',
    allListed: 'Correct these rows and import the whole file again.',
    line: 'Line',
    reason: 'Reason (as the server gives it)',
    lineOf: 'Line {{line}}',
  },
  'zh-CN': {
    title: '导入服药记录',
    intro:
      '导入门诊使用同伴系统之前的服药记录，CSV 文件的表头为 {{header}}。每一行必须是本门诊的服务对象，日期不早于其入组日、不晚于今天，且每人每天最多一次现场服药。要么全部导入，要么一行也不导入。',
    example: '示例',
    file: 'CSV 文件',
    fileHint: '最多 {{rows}} 行。',
    chooseFile: '选择文件…',
    clearFile: '移除所选文件',
    submit: '导入',
    imported_one: '已导入 {{count}} 行。',
    imported_other: '已导入 {{count}} 行。',
    failedTitle: '未导入任何记录',
    failedCount_one: '有 {{count}} 行有误。',
    failedCount_other: '有 {{count}} 行有误。',
    listed: '下面列出前 {{listed}} 行；请改正这些行和其余有误的行后，重新导入整个文件。',
    allListed: '请改正这些行后重新导入整个文件。',
    line: '行号',
    reason: '原因（服务器原文）',
    lineOf: '第 {{line}} 行',
  },
});
