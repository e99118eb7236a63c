import { LANDMARK_COMPARISONS, RetentionSeries } from '../retention/retention-analysis';
import { RetentionReport, AttendanceReport, DosingReport } from '../reports.types';
import { csvDocument, CsvValue, rounded } from './csv';

const RETENTION_HEADER = [
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
];

/**
 * The retention report as one flat table: a row per curve point, first of
 * all episodes (`series` = `all`), then of each group (`series` = its key),
 * each row repeating its series' figures so that any row can be read alone.
 */
export function retentionCsv(report: RetentionReport): Buffer {
  const { analysis } = report;
  const landmark = LANDMARK_COMPARISONS.includes(report.compare);
  const test = analysis.logRank;
  const rows = (key: string, series: RetentionSeries, daysFrom: string): CsvValue[][] =>
    series.curve.map((point) => [
      report.clinic.name,
      report.asOf,
      report.from,
      report.to,
      report.compare,
      landmark ? report.landmarkDays : null,
      key,
      series.episodes,
      series.events,
      series.censored,
      rounded(series.retention.m3),
      rounded(series.retention.m6),
      rounded(series.retention.m12),
      test ? rounded(test.chiSquare) : null,
      test ? rounded(test.pValue) : null,
      daysFrom,
      point.day,
      rounded(point.survival),
      rounded(point.lower),
      rounded(point.upper),
      point.atRisk,
      point.events,
    ]);
  return csvDocument(RETENTION_HEADER, [
    ...rows('all', analysis, 'episode_start'),
    ...(analysis.groups ?? []).flatMap((group) => rows(group.key, group, landmark ? 'landmark' : 'episode_start')),
  ]);
}

export function attendanceCsv(report: AttendanceReport): Buffer {
  return csvDocument(
    ['clinic', 'from', 'to', 'group_id', 'group_name', 'meetings', 'members', 'present', 'recorded', 'attendance_rate'],
    report.groups.map((group) => [
      report.clinic.name,
      report.from,
      report.to,
      group.groupId,
      group.name,
      group.meetings,
      group.members,
      group.present,
      group.recorded,
      rounded(group.attendanceRate),
    ]),
  );
}

export function dosingCsv(report: DosingReport): Buffer {
  return csvDocument(
    ['clinic', 'day', 'census', 'doses', 'covered', 'missed', 'missed_rate'],
    report.days.map((day) => [report.clinic.name, day.day, day.census, day.doses, day.covered, day.missed, rounded(day.missedRate)]),
  );
}
