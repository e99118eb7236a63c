import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { NS } from './messages';

export type Compare = 'none' | 'cohort' | 'peer_support' | 'family_involvement' | 'social_support';
export const COMPARES: Compare[] = ['none', 'cohort', 'peer_support', 'family_involvement', 'social_support'];
export const LANDMARK_COMPARES: Compare[] = ['peer_support', 'family_involvement'];

type Report = Schemas['RetentionReportDto'];
type CurvePoint = Schemas['CurvePointDto'];

export interface Series {
  key: string;
  name: string;
  episodes: number;
  events: number;
  retention: Schemas['RetentionFiguresDto'];
  curve: CurvePoint[];
  /** The last day followed up on the series' time line (absent without episodes): the curve holds flat up to it. */
  followUp?: number;
}

/** Groups smaller than this get a warning: their curves and bands say little. */
export const SMALL_GROUP = 10;

export type CohortBy = 'month' | 'quarter' | 'year';
export const COHORT_PERIODS: CohortBy[] = ['month', 'quarter', 'year'];

/**
 * The curve as drawn: its points, and one more at the end of follow-up (the
 * last censoring, often later than the last drop-out) carrying the last
 * estimate and band, so the line and band run as far as the data do.
 */
export function curveToFollowUp(curve: CurvePoint[], followUp: number | undefined): CurvePoint[] {
  const last = curve[curve.length - 1];
  if (!last || followUp === undefined || followUp <= last.day) return curve;
  return [...curve, { ...last, day: followUp, events: 0 }];
}

/** The names of a comparison's groups: intake months, or yes/no at the landmark. */
export function useSeriesName(compare: Compare): (key: string) => string {
  const { t, i18n } = useTranslation(NS);
  return (key) => {
    if (compare === 'peer_support') return t(`retention.peer.${key}`, { defaultValue: key });
    if (compare === 'family_involvement') return t(`retention.family.${key}`, { defaultValue: key });
    if (compare === 'social_support') return t(`retention.social.${key}`, { defaultValue: key });
    const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
    if (compare === 'cohort' && quarter) return t('retention.quarterName', { year: quarter[1], quarter: quarter[2] });
    if (compare === 'cohort' && /^\d{4}$/.test(key)) return t('retention.yearName', { year: key });
    const month = /^(\d{4})-(\d{2})$/.exec(key);
    if (compare === 'cohort' && month) {
      return new Intl.DateTimeFormat(i18n.language, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
        new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1)),
      );
    }
    return key;
  };
}

/** All episodes first, then each group; a group's drop-outs are the events along its curve. */
export function reportSeries(report: Report, allName: string, groupName: (key: string) => string): Series[] {
  const all: Series = {
    key: 'all',
    name: allName,
    episodes: report.episodes,
    events: report.events,
    retention: report.retention,
    curve: report.curve,
    followUp: report.followUp,
  };
  const groups = (report.groups ?? []).map((group): Series => ({
    key: group.key,
    name: groupName(group.key),
    episodes: group.episodes,
    events: group.curve.reduce((sum, point) => sum + point.events, 0),
    retention: group.retention,
    curve: group.curve,
    followUp: group.followUp,
  }));
  return [all, ...groups];
}
