import { analyseRetention, bySocialSupport, EpisodeOutcome, retentionAt, tertileCuts } from './retention-analysis';
import { kaplanMeier } from '../statistics';

const dropout = (time: number, group: string | null = null): EpisodeOutcome => ({ time, event: true, group });
const censored = (time: number, group: string | null = null): EpisodeOutcome => ({ time, event: false, group });

describe('retention analysis', () => {
  it('without a comparison gives the counts, the curve without standard errors, and no groups', () => {
    const analysis = analyseRetention([dropout(10), censored(20), dropout(30), censored(400)], 'none', 90);
    expect(analysis).toMatchObject({ episodes: 4, events: 2, censored: 2, followUp: 400 });
    expect(analysis.groups).toBeUndefined();
    expect(analysis.logRank).toBeUndefined();
    expect(analysis.curve.map((p) => [p.day, p.atRisk, p.events])).toEqual([
      [0, 4, 0],
      [10, 4, 1],
      [30, 2, 1],
    ]);
    expect(Object.keys(analysis.curve[0]).sort()).toEqual(['atRisk', 'day', 'events', 'lower', 'survival', 'upper']);
    expect(analysis.retention).toEqual({ m3: 0.375, m6: 0.375, m12: 0.375 });
  });

  it('reads retention at days 91, 183 and 365 of the episode', () => {
    const analysis = analyseRetention([dropout(91), dropout(182), dropout(183), censored(500)], 'none', 90);
    expect(analysis.retention).toEqual({ m3: 0.75, m6: 0.25, m12: 0.25 });
  });

  it('leaves a retention null beyond the longest follow-up, unless every episode had dropped out before', () => {
    expect(analyseRetention([dropout(10), censored(100)], 'none', 90).retention).toEqual({ m3: 0.5, m6: null, m12: null });
    expect(analyseRetention([dropout(10), dropout(40)], 'none', 90).retention).toEqual({ m3: 0, m6: 0, m12: 0 });
    expect(analyseRetention([], 'none', 90).retention).toEqual({ m3: null, m6: null, m12: null });
  });

  it('knows a retention exactly at the longest follow-up', () => {
    const curve = kaplanMeier([dropout(5), censored(91)]);
    expect(retentionAt(curve, 2, 91, 91)).toBe(0.5);
    expect(retentionAt(curve, 2, 91, 92)).toBeNull();
    expect(retentionAt(curve, 2, 91, -1)).toBeNull();
  });

  it('groups cohorts by key in order, with a log-rank test across them', () => {
    const analysis = analyseRetention(
      [dropout(5, '2026-02'), dropout(6, '2026-02'), censored(50, '2026-01'), dropout(40, '2026-01'), censored(60, '2026-03')],
      'cohort',
      90,
    );
    expect(analysis.episodes).toBe(5);
    expect(analysis.groups!.map((g) => [g.key, g.episodes, g.events, g.censored])).toEqual([
      ['2026-01', 2, 1, 1],
      ['2026-02', 2, 2, 0],
      ['2026-03', 1, 0, 1],
    ]);
    expect(analysis.groups![0].curve.map((p) => p.day)).toEqual([0, 40]);
    expect(analysis.logRank!.chiSquare).toBeGreaterThan(0);
    expect(analysis.logRank!.pValue).toBeGreaterThan(0);
    expect(analysis.logRank!.pValue).toBeLessThan(1);
  });

  it('keeps landmark groups on days since the landmark, and leaves out episodes that ended before it', () => {
    const analysis = analyseRetention(
      [dropout(30, null), dropout(100, 'yes'), censored(400, 'yes'), dropout(90, 'no'), dropout(200, 'no'), censored(10, null)],
      'peer_support',
      90,
    );
    expect(analysis.episodes).toBe(6);
    const [yes, no] = analysis.groups!;
    expect(yes).toMatchObject({ key: 'yes', episodes: 2, events: 1, censored: 1, followUp: 310 });
    expect(yes.curve.map((p) => [p.day, p.atRisk, p.events])).toEqual([
      [0, 2, 0],
      [10, 2, 1],
    ]);
    expect(no.curve.map((p) => [p.day, p.atRisk, p.events])).toEqual([
      [0, 2, 1],
      [110, 1, 1],
    ]);
    // Survival at day 91/183/365 of the episode, given in treatment at day 90: curve days 1, 93 and 275.
    expect(yes.retention).toEqual({ m3: 1, m6: 0.5, m12: 0.5 });
    expect(no.retention).toEqual({ m3: 0.5, m6: 0.5, m12: 0 });
  });

  it('lists both landmark groups even when one is empty, and leaves retention before the landmark null', () => {
    const analysis = analyseRetention([dropout(200, 'no'), censored(300, 'no')], 'family_involvement', 120);
    expect(analysis.groups!.map((g) => [g.key, g.episodes])).toEqual([
      ['yes', 0],
      ['no', 2],
    ]);
    expect(analysis.groups![0].retention).toEqual({ m3: null, m6: null, m12: null });
    expect(analysis.groups![1].retention).toEqual({ m3: null, m6: 1, m12: null });
    expect(analysis.logRank).toEqual({ chiSquare: 0, pValue: 1 });
  });
});

describe('social support tertiles', () => {
  const episode = (baseline: number | null, time = 100, event = false): EpisodeOutcome => ({ time, event, group: null, baseline });

  it('cuts at the interpolated 1/3 and 2/3 quantiles (as percentile_cont)', () => {
    expect(tertileCuts([1, 2, 3, 4, 5, 6])).toEqual({ lower: expect.closeTo(2.6667, 4), upper: expect.closeTo(4.3333, 4) });
    expect(tertileCuts([3, 1, 2])).toEqual({ lower: expect.closeTo(1.6667, 4), upper: expect.closeTo(2.3333, 4) });
    expect(tertileCuts([4])).toEqual({ lower: 4, upper: 4 });
    expect(tertileCuts([])).toBeNull();
  });

  it('puts a score equal to a cut in the lower group, so tied scores share a group, and no baseline in unknown', () => {
    const groups = bySocialSupport([episode(1), episode(2), episode(3), episode(4), episode(5), episode(6), episode(null)]).map(
      (o) => o.group,
    );
    expect(groups).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high', 'unknown']);
    // 2, 2, 2, 5, 6, 7: cuts 2 and 5.33 → the three 2s all low (a larger group), 5 medium, 6 and 7 high.
    expect(bySocialSupport([2, 2, 2, 5, 6, 7].map((b) => episode(b))).map((o) => o.group)).toEqual([
      'low',
      'low',
      'low',
      'medium',
      'high',
      'high',
    ]);
    expect(bySocialSupport([episode(null)]).map((o) => o.group)).toEqual(['unknown']);
  });

  it('always reports the four groups and tests the three tertiles only', () => {
    const outcomes = [episode(1, 10, true), episode(2, 20, true), episode(6, 300), episode(7, 300), episode(null, 5, true)];
    const analysis = analyseRetention(outcomes, 'social_support', 90);
    expect(analysis.groups?.map((g) => [g.key, g.episodes])).toEqual([
      ['low', 2],
      ['medium', 1],
      ['high', 1],
      ['unknown', 1],
    ]);
    const withoutUnknown = analyseRetention(outcomes.slice(0, 4), 'social_support', 90);
    expect(analysis.logRank).toEqual(withoutUnknown.logRank);
    expect(analysis.episodes).toBe(5);
  });
});
