import { REPORT_LANGUAGES, ReportLanguage } from '../dto/report-query.dto';

/**
 * The language of an export: `?lang=` when given, else the first of the
 * report languages `Accept-Language` prefers (by q-value, `zh*` → zh-CN,
 * `en*` → en), else English (whose CSV headers are the snake_case names
 * scripts read).
 */
export function reportLanguage(lang: ReportLanguage | undefined, acceptLanguage: string | undefined): ReportLanguage {
  if (lang) return lang;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find((m) => m !== null);
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((entry) => entry.tag !== '' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}

export const isReportLanguage = (value: string): value is ReportLanguage => (REPORT_LANGUAGES as readonly string[]).includes(value);

/** The column headers of the CSV exports, per language (English: the snake_case names). */
export const CSV_HEADERS = {
  retention: {
    en: [
      'clinic',
      'as_of',
      'from',
      'to',
      'compare',
      'landmark_days',
      'series',
      'episodes',
      'events',
      'censored',
      'retention_m3',
      'retention_m6',
      'retention_m12',
      'log_rank_chi_square',
      'log_rank_p_value',
      'curve_days_from',
      'day',
      'survival',
      'lower',
      'upper',
      'at_risk',
      'curve_events',
    ],
    'zh-CN': [
      '诊所',
      '截至日期',
      '起始日期',
      '结束日期',
      '比较方式',
      '界标天数',
      '组别',
      '疗程数',
      '脱失数',
      '删失数',
      '3个月保持率',
      '6个月保持率',
      '12个月保持率',
      'Log-rank卡方',
      'Log-rank P值',
      '天数起点',
      '天',
      '保持率',
      '95%置信下限',
      '95%置信上限',
      '风险数',
      '当天脱失数',
    ],
  },
  attendance: {
    en: ['clinic', 'from', 'to', 'group_id', 'group_name', 'meetings', 'members', 'present', 'recorded', 'attendance_rate'],
    'zh-CN': ['诊所', '起始日期', '结束日期', '小组编号', '小组名称', '会议数', '成员数', '出席', '记录数', '出席率'],
  },
  memberAttendance: {
    en: ['clinic', 'from', 'to', 'group_id', 'group_name', 'client_code', 'meetings', 'present', 'absent', 'excused', 'last_attended'],
    'zh-CN': ['诊所', '起始日期', '结束日期', '小组编号', '小组名称', '服务对象编号', '会议数', '出席', '缺席', '请假', '最近出席'],
  },
  dosing: {
    en: ['clinic', 'day', 'census', 'doses', 'covered', 'missed', 'missed_rate'],
    'zh-CN': ['诊所', '日期', '在治人数', '服药人数', '已覆盖人数', '漏服人数', '漏服率'],
  },
  dosingPeriods: {
    en: ['clinic', 'period', 'from', 'to', 'days', 'census_mean', 'client_days', 'doses', 'missed', 'missed_rate', 'dispensed_mg'],
    'zh-CN': [
      '诊所',
      '期间',
      '起始日期',
      '结束日期',
      '天数',
      '日均在治人数',
      '在治人日',
      '服药人次',
      '漏服人日',
      '漏服率',
      '发放美沙酮(mg)',
    ],
  },
  drugTests: {
    en: ['clinic', 'month', 'tests', 'refused', 'positive_opiates', 'rate'],
    'zh-CN': ['诊所', '月份', '检测数', '拒检数', '阿片阳性数', '阳性率'],
  },
} as const satisfies Record<string, Record<ReportLanguage, readonly string[]>>;

/** Values of the `compare` and `series` columns of the retention CSV. */
export const COMPARE_VALUES: Record<ReportLanguage, Record<string, string>> = {
  en: {
    none: 'none',
    cohort: 'cohort',
    peer_support: 'peer_support',
    family_involvement: 'family_involvement',
    social_support: 'social_support',
    all: 'all',
  },
  'zh-CN': {
    none: '无',
    cohort: '入组队列',
    peer_support: '同伴小组参与',
    family_involvement: '家庭参与',
    social_support: '基线社会支持',
    all: '全部',
    low: '低',
    medium: '中',
    high: '高',
    unknown: '未评估',
    yes: '是',
    no: '否',
    episode_start: '疗程开始',
    landmark: '界标',
  },
};

/** The texts of the retention PDF. */
export interface RetentionPdfText {
  title: string;
  asOf: string;
  selection: (from: string | null, to: string | null) => string;
  comparedBy: string;
  comparison: Record<string, string>;
  cohortBy: Record<string, string>;
  landmark: (days: number) => string;
  episodes: string;
  dropouts: string;
  censored: string;
  months: (months: number, day: number) => string;
  monthsShort: (months: number) => string;
  chartTitle: string;
  groupsChartTitle: string;
  daysSinceStart: string;
  daysSinceLandmark: string;
  followUp: (days: number) => string;
  noEpisodes: string;
  groups: string;
  group: string;
  groupKey: (key: string) => string;
  logRank: (chiSquare: string, p: string) => string;
  landmarkNote: (days: number, peer: boolean) => string;
  smallGroups: string;
  more: (count: number) => string;
  footer: (code: string, asOf: string) => string;
  help: string;
}

export const RETENTION_PDF_TEXT: Record<ReportLanguage, RetentionPdfText> = {
  en: {
    title: 'Retention in treatment',
    asOf: 'As of',
    selection: (from, to) => `Episodes begun ${from ?? 'from the first'} – ${to ?? 'to date'}`,
    comparedBy: 'Compared by',
    comparison: {
      none: 'none',
      cohort: 'intake cohort',
      peer_support: 'peer-group attendance',
      family_involvement: 'family involvement',
      social_support: 'baseline social support (MSPSS tertiles)',
    },
    cohortBy: { month: 'month', quarter: 'quarter', year: 'year' },
    landmark: (days) => `landmark day ${days}`,
    episodes: 'Episodes',
    dropouts: 'Drop-outs',
    censored: 'Censored',
    months: (months, day) => `${months} months (day ${day})`,
    monthsShort: (months) => `${months} months`,
    chartTitle: 'Kaplan-Meier retention of all episodes selected, with 95% confidence band',
    groupsChartTitle: 'Kaplan-Meier retention by group, with 95% confidence bands',
    daysSinceStart: 'Days since the episode began',
    daysSinceLandmark: 'Days since the landmark',
    followUp: (days) => `Curves end at the last day followed up (${days}).`,
    noEpisodes: 'No episodes in this selection.',
    groups: 'Groups',
    group: 'Group',
    groupKey: (key) => key,
    logRank: (chiSquare, p) => `Log-rank test: chi-square ${chiSquare}, p ${p.startsWith('<') ? p : `= ${p}`}`,
    landmarkNote: (days, peer) =>
      `Episodes still in treatment on day ${days}; "yes" = ${peer ? 'attended a peer-group meeting' : 'had a family interaction'} before that day. Retention given in treatment at the landmark.`,
    smallGroups: '* fewer than 10 episodes: read with care.',
    more: (count) => `… and ${count} more groups (see the CSV export).`,
    footer: (code, asOf) => `Tongban · ${code} · as of ${asOf} · aggregate figures only; no client is identified.`,
    help: 'Censored: followed up to that day without dropping out (still in treatment, completed, transferred or died). Drop-out is the event.',
  },
  'zh-CN': {
    title: '治疗保持率报告',
    asOf: '截至',
    selection: (from, to) => `疗程开始于 ${from ?? '最早'} 至 ${to ?? '今日'}`,
    comparedBy: '比较方式',
    comparison: {
      none: '无',
      cohort: '入组队列',
      peer_support: '同伴小组参与',
      family_involvement: '家庭参与',
      social_support: '基线社会支持（MSPSS 三分位）',
    },
    cohortBy: { month: '按月', quarter: '按季度', year: '按年' },
    landmark: (days) => `界标：第 ${days} 天`,
    episodes: '疗程数',
    dropouts: '脱失',
    censored: '删失',
    months: (months, day) => `${months} 个月（第 ${day} 天）`,
    monthsShort: (months) => `${months} 个月`,
    chartTitle: '全部所选疗程的 Kaplan-Meier 保持率曲线及 95% 置信区间',
    groupsChartTitle: '各组 Kaplan-Meier 保持率曲线及 95% 置信区间',
    daysSinceStart: '自疗程开始的天数',
    daysSinceLandmark: '自界标起的天数',
    followUp: (days) => `曲线画至最后随访日（第 ${days} 天）。`,
    noEpisodes: '所选范围内没有疗程。',
    groups: '分组',
    group: '组别',
    groupKey: (key) => ({ yes: '是', no: '否', low: '低', medium: '中', high: '高', unknown: '未评估' })[key] ?? key,
    logRank: (chiSquare, p) => `Log-rank 检验：卡方 ${chiSquare}，P ${p.startsWith('<') ? p : `= ${p}`}`,
    landmarkNote: (days, peer) =>
      `仅含第 ${days} 天仍在治疗的疗程；“是”= 此前${peer ? '参加过同伴小组会议' : '有过家庭互动'}。保持率以界标时仍在治疗为条件。`,
    smallGroups: '* 少于 10 个疗程，解读需谨慎。',
    more: (count) => `……另有 ${count} 个分组（见 CSV 导出）。`,
    footer: (code, asOf) => `同伴 Tongban · ${code} · 截至 ${asOf} · 仅含汇总数据，不识别任何服务对象。`,
    help: '删失：随访至该日仍未脱失（仍在治疗、完成、转诊或死亡）。脱失为终点事件。',
  },
};
