import { registerMessages } from '../../i18n/i18n';

registerMessages('researchExport', {
  en: {
    title: 'Research export',
    intro:
      'The records of the clients whose research consent is in force, de-identified for a research project: research IDs instead of names and codes, no contacts, national IDs or free text, ages in 5-year bands, dates as days from the start of the episode. Clients whose combination of age band, sex and clinic is shared by fewer than {{k}} consenting clients are left out.',
    consenting: 'Clients with research consent',
    exported: 'Clients in the export',
    suppressed: 'Clients suppressed',
    suppressedNote_one: '{{count}} client is left out: their age band, sex and clinic are shared by fewer than {{k}} ({{groups}} groups).',
    suppressedNote_other:
      '{{count}} clients are left out: their age band, sex and clinic are shared by fewer than {{k}} ({{groups}} groups).',
    noneSuppressed: 'No client is left out.',
    project: 'Project',
    projectHint: 'Every export of one project gives a client the same research ID; another project’s IDs cannot be linked to them.',
    projectInvalid: 'Letters, digits, dots, underscores or hyphens (at most 64), starting with a letter or digit.',
    format: 'Format',
    csv: 'CSV',
    parquet: 'Parquet',
    download: 'Download ZIP',
    downloaded: 'The export has been saved. It holds a codebook (codebook.md) describing every column.',
  },
  'zh-CN': {
    title: '科研数据导出',
    intro:
      '导出科研知情同意有效的服务对象的记录，已去标识化：以科研编号代替姓名和编号，不含联系方式、身份证号和自由文本，年龄按 5 岁分组，日期记为距本次治疗开始的天数。年龄组、性别和门诊组合相同的同意者少于 {{k}} 人时，这些服务对象不予导出。',
    consenting: '已签科研同意的服务对象',
    exported: '导出的服务对象',
    suppressed: '不予导出的服务对象',
    suppressedNote_one: '{{count}} 名服务对象不予导出：其年龄组、性别和门诊组合少于 {{k}} 人（共 {{groups}} 组）。',
    suppressedNote_other: '{{count}} 名服务对象不予导出：其年龄组、性别和门诊组合少于 {{k}} 人（共 {{groups}} 组）。',
    noneSuppressed: '所有同意者均可导出。',
    project: '研究项目',
    projectHint: '同一项目的每次导出中，同一服务对象的科研编号相同；不同项目的编号无法相互关联。',
    projectInvalid: '字母、数字、点、下划线或连字符（最多 64 个），以字母或数字开头。',
    format: '格式',
    csv: 'CSV',
    parquet: 'Parquet',
    download: '下载 ZIP',
    downloaded: '已保存导出文件，其中的 codebook.md 说明了每一列。',
  },
});

export const NS = 'researchExport';
