import { kaplanMeier, KaplanMeierPoint, logRankTest, Observation, survivalAt } from '../statistics';

/** How `GET /reports/retention` splits the episodes. */
export const COMPARISONS = ['none', 'cohort', 'peer_support', 'family_involvement', 'social_support'] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** Comparisons whose groups are fixed at the landmark (api.md, "Reports"). */
export const LANDMARK_COMPARISONS: readonly Comparison[] = ['peer_support', 'family_involvement'];

/** Keys of the two landmark groups: took part before the landmark, or not. */
export const LANDMARK_KEYS = ['yes', 'no'] as const;

/** Keys of the social-support groups: tertiles of the baseline MSPSS total, and episodes without a baseline. */
export const SOCIAL_SUPPORT_KEYS = ['low', 'medium', 'high', 'unknown'] as const;

/** `retention.m3`, `m6`, `m12`: the Kaplan-Meier survival at these days of an episode. */
export const RETENTION_DAYS = { m3: 91, m6: 183, m12: 365 } as const;

/**
 * One episode as the report's SQL returns it: days from its start to its end
 * (drop-out, discharge, or today when still open), whether it ended in
 * drop-out, and its group (intake month; or `yes`/`no` at the landmark, null
 * when it ended before the landmark; null without a comparison).
 */
export interface EpisodeOutcome {
  time: number;
  event: boolean;
  group: string | null;
  /** With `social_support`: the baseline MSPSS total (first MSPSS within 30 days of the start), or null. */
  baseline?: number | null;
}

/**
 * The tertile cut points of `scores` (those of the report's own episodes
 * with a baseline): the 1/3 and 2/3 quantiles, interpolated between order
 * statistics (Hyndman & Fan type 7, PostgreSQL's percentile_cont). Null without scores.
 */
export function tertileCuts(scores: readonly number[]): { lower: number; upper: number } | null {
  if (scores.length === 0) return null;
  const sorted = [...scores].sort((a, b) => a - b);
  const quantile = (p: number) => {
    const h = (sorted.length - 1) * p;
    const below = Math.floor(h);
    const above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
  };
  return { lower: quantile(1 / 3), upper: quantile(2 / 3) };
}

/**
 * Each episode's social-support group: `low` up to and including the lower
 * cut, `medium` above it up to and including the upper cut, `high` above the
 * upper cut, `unknown` without a baseline. A score equal to a cut point goes
 * to the lower group, so episodes with the same score always share a group
 * (tertiles are then unequal in size when many scores tie).
 */
export function bySocialSupport(outcomes: readonly EpisodeOutcome[]): EpisodeOutcome[] {
  const cuts = tertileCuts(outcomes.flatMap((o) => (o.baseline === null || o.baseline === undefined ? [] : [o.baseline])));
  return outcomes.map((o) => {
    if (o.baseline === null || o.baseline === undefined || !cuts) return { ...o, group: 'unknown' };
    const group = o.baseline <= cuts.lower ? 'low' : o.baseline <= cuts.upper ? 'medium' : 'high';
    return { ...o, group };
  });
}

export interface RetentionFigures {
  m3: number | null;
  m6: number | null;
  m12: number | null;
}

export type CurvePoint = Omit<KaplanMeierPoint, 'stdErr'>;

/** A Kaplan-Meier analysis of one set of episodes. */
export interface RetentionSeries {
  episodes: number;
  events: number;
  censored: number;
  /** The longest time observed (days on the series' own time line): how far the curve is known. */
  followUp: number;
  retention: RetentionFigures;
  curve: CurvePoint[];
}

export interface RetentionGroup extends RetentionSeries {
  key: string;
}

export interface RetentionAnalysis extends RetentionSeries {
  groups?: RetentionGroup[];
  logRank?: { chiSquare: number; pValue: number };
}

/**
 * The retention report from per-episode outcomes: the curve of every episode
 * selected, and with a comparison its groups and a log-rank test across them.
 *
 * - `cohort`: one group per intake month (`YYYY-MM`), in order; curves from the episodes' start.
 * - `peer_support`, `family_involvement`: the two groups `yes` and `no` of the
 *   episodes still in treatment at `landmarkDays` (always both, even when one is small
 *   or empty), with curves on days since the landmark (time − landmarkDays).
 * - `social_support`: `low`, `medium`, `high` (tertiles of the baseline MSPSS
 *   total, `bySocialSupport`) and `unknown` (always all four), curves from the
 *   start; the log-rank test compares the three tertiles (`unknown` is no level of support).
 */
export function analyseRetention(outcomes: readonly EpisodeOutcome[], comparison: Comparison, landmarkDays: number): RetentionAnalysis {
  const overall = series(outcomes, 0);
  if (comparison === 'none') return overall;
  if (comparison === 'social_support') return socialSupport(overall, bySocialSupport(outcomes));
  const landmark = LANDMARK_COMPARISONS.includes(comparison);
  const keys = landmark ? [...LANDMARK_KEYS] : [...new Set(outcomes.flatMap((o) => (o.group === null ? [] : [o.group])))].sort();
  const shift = landmark ? landmarkDays : 0;
  const members = keys.map((key) =>
    outcomes.filter((o) => o.group === key).map((o) => ({ time: o.time - shift, event: o.event, group: o.group })),
  );
  const test = logRankTest(members);
  return {
    ...overall,
    groups: keys.map((key, i) => ({ key, ...series(members[i], shift) })),
    logRank: { chiSquare: test.chiSquare, pValue: test.pValue },
  };
}

function socialSupport(overall: RetentionSeries, grouped: readonly EpisodeOutcome[]): RetentionAnalysis {
  const members = SOCIAL_SUPPORT_KEYS.map((key) => grouped.filter((o) => o.group === key));
  const test = logRankTest(members.slice(0, 3));
  return {
    ...overall,
    groups: SOCIAL_SUPPORT_KEYS.map((key, i) => ({ key, ...series(members[i], 0) })),
    logRank: { chiSquare: test.chiSquare, pValue: test.pValue },
  };
}

/** The Kaplan-Meier analysis of `observations`, whose time line starts `offset` days into the episode. */
function series(observations: readonly Observation[], offset: number): RetentionSeries {
  const curve = kaplanMeier(observations);
  const events = observations.filter((o) => o.event).length;
  const followUp = observations.reduce((max, o) => Math.max(max, o.time), 0);
  const at = (day: number) => retentionAt(curve, observations.length, followUp, day - offset);
  return {
    episodes: observations.length,
    events,
    censored: observations.length - events,
    followUp,
    retention: { m3: at(RETENTION_DAYS.m3), m6: at(RETENTION_DAYS.m6), m12: at(RETENTION_DAYS.m12) },
    curve: curve.map(({ stdErr: _stdErr, ...point }) => point),
  };
}

/**
 * The survival on `day` when the data can tell it: some episode was followed
 * that long, or every episode had dropped out before (then 0). Otherwise null:
 * no episode, the day lies before the series' time line, or beyond all follow-up.
 */
export function retentionAt(curve: readonly KaplanMeierPoint[], episodes: number, followUp: number, day: number): number | null {
  if (episodes === 0 || day < 0) return null;
  if (followUp >= day) return survivalAt(curve, day);
  const last = curve[curve.length - 1];
  return last.survival === 0 ? 0 : null;
}
