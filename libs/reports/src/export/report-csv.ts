import { LANDMARK_COMPARISONS, RetentionSeries } from '../retention/retention-analysis';
import { ReportLanguage } from '../dto/report-query.dto';
import { AttendanceReport, DosingPeriod, DosingReport, DrugTestReport, MemberAttendanceReport, RetentionReport } from '../reports.types';
import { csvDocument, CsvValue, rounded } from './csv';
import { COMPARE_VALUES, CSV_HEADERS } from './report-language';

/**
 * The retention report as one flat table: a row per curve point, first of
 * all episodes (`series` = `all`), then of each group (`series` = its key),
 * each row repeating its series' figures so that any row can be read alone.
 */
export function retentionCsv(report: RetentionReport, lang: ReportLanguage = 'en'): Buffer {
  const value = (key: string) => COMPARE_VALUES[lang][key] ?? key;
  const { analysis } = report;
  const landmark = LANDMARK_COMPARISONS.includes(report.compare);
  const test = analysis.logRank;
  const rows = (key: string, series: RetentionSeries, daysFrom: string): CsvValue[][] =>
    series.curve.map((point) => [
      report.clinic.name,
      report.asOf,
      report.from,
      report.to,
      value(report.compare),
      landmark ? report.landmarkDays : null,
      value(key),
      series.episodes,
      series.events,
      series.censored,
      rounded(series.retention.m3),
      rounded(series.retention.m6),
      rounded(series.retention.m12),
      test ? rounded(test.chiSquare) : null,
      test ? rounded(test.pValue) : null,
      value(daysFrom),
      point.day,
      rounded(point.survival),
      rounded(point.lower),
      rounded(point.upper),
      point.atRisk,
      point.events,
    ]);
  return csvDocument(CSV_HEADERS.retention[lang], [
    ...rows('all', analysis, 'episode_start'),
    ...(analysis.groups ?? []).flatMap((group) => rows(group.key, group, landmark ? 'landmark' : 'episode_start')),
  ]);
}

export function attendanceCsv(report: AttendanceReport, lang: ReportLanguage = 'en'): Buffer {
  return csvDocument(
    CSV_HEADERS.attendance[lang],
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

export function dosingCsv(report: DosingReport, lang: ReportLanguage = 'en'): Buffer {
  return csvDocument(
    CSV_HEADERS.dosing[lang],
    report.days.map((day) => [report.clinic.name, day.day, day.census, day.doses, day.covered, day.missed, rounded(day.missedRate)]),
  );
}

/** Attendance per group and member: the client's code, never a name. */
export function memberAttendanceCsv(report: MemberAttendanceReport, lang: ReportLanguage = 'en'): Buffer {
  return csvDocument(
    CSV_HEADERS.memberAttendance[lang],
    report.members.map((m) => [
      report.clinic.name,
      report.from,
      report.to,
      m.groupId,
      m.groupName,
      m.code,
      m.meetings,
      m.present,
      m.absent,
      m.excused,
      m.lastAttended,
    ]),
  );
}

/** The dosing report by week or month. */
export function dosingPeriodsCsv(report: DosingReport, periods: readonly DosingPeriod[], lang: ReportLanguage = 'en'): Buffer {
  return csvDocument(
    CSV_HEADERS.dosingPeriods[lang],
    periods.map((p) => [
      report.clinic.name,
      p.period,
      p.from,
      p.to,
      p.days,
      rounded(p.census),
      p.clientDays,
      p.doses,
      p.missed,
      rounded(p.missedRate),
      rounded(p.dispensedMg, 1),
    ]),
  );
}

/** Drug tests per month: counts and the positive opiate rate (refusals counted positive). */
export function drugTestsCsv(report: DrugTestReport, lang: ReportLanguage = 'en'): Buffer {
  return csvDocument(
    CSV_HEADERS.drugTests[lang],
    report.months.map((m) => [report.clinic.name, m.month, m.tests, m.refused, m.positiveOpiates, rounded(m.rate)]),
  );
}
