import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientAccessPolicy } from '@tongban/clients';
import { ClinicDto, ClinicsService } from '@tongban/clinics';
import { actorOf, addDays, AuditService, Caller, Clock, FieldError, PlatformException } from '@tongban/platform';
import { DataSource } from 'typeorm';
import { AttendanceReportDto } from './dto/attendance-report.dto';
import { DosingReportDto } from './dto/dosing-report.dto';
import { PeerUptakeQueryDto, PeerUptakeReportDto, UPTAKE_REASONS } from './dto/peer-uptake.dto';
import { DrugTestReportDto } from './dto/drug-test-report.dto';
import { dosingPeriods } from './dosing-periods';
import {
  AttendanceReportQueryDto,
  DEFAULT_WINDOW_DAYS,
  DosingReportQueryDto,
  DrugTestReportQueryDto,
  MAX_WINDOW_YEARS,
  ReportWindowQueryDto,
  RetentionQueryDto,
} from './dto/report-query.dto';
import { RetentionReportDto, RetentionGroupDto } from './dto/retention-report.dto';
import { attendanceCsv, dosingCsv, dosingPeriodsCsv, drugTestsCsv, memberAttendanceCsv, retentionCsv } from './export/report-csv';
import { reportLanguage } from './export/report-language';
import { CSV_TYPE, PDF_TYPE, reportFile } from './export/report-file';
import { retentionPdf } from './export/retention-pdf';
import { ClinicDay, ReportsRepository } from './reports.repository';
import { AttendanceReport, DosingReport, DrugTestReport, MemberAttendanceReport, ReportClinic, RetentionReport } from './reports.types';
import { analyseRetention, LANDMARK_COMPARISONS, RetentionSeries } from './retention/retention-analysis';

const DEFAULT_LANDMARK_DAYS = 90;

/**
 * The coordinators' reports on their own clinic: retention (Kaplan-Meier,
 * cohorts, landmark comparisons), peer-group attendance and the daily dosing
 * census. Figures are aggregates computed in SQL; no answer names a client.
 * Each read is one clinic-level audit event.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsRepository,
    private readonly clinics: ClinicsService,
    private readonly policy: ClientAccessPolicy,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Drop-outs the records show but no one has read yet count as drop-outs on
   * their last covered day: the repository derives them in SQL (read-only)
   * with the dosing rules, so the report is the same whether or not the
   * dispensing window has looked at those clients today.
   */
  async retention(caller: Caller, query: RetentionQueryDto, acceptLanguage?: string): Promise<RetentionReportDto | StreamableFile> {
    const clinic = await this.ownClinic(caller);
    const day = this.clinicDay(clinic);
    const from = query.from ?? null;
    const to = query.to ?? null;
    if (from && to && from > to) throw PlatformException.validation([{ field: 'to', message: 'to must not be before from' }]);
    // Without `from` the selection is every episode; with it, at most 10 years up to `to` (or today).
    if (from) {
      const error = windowTooLong(from, to ?? (day.asOf > from ? day.asOf : from));
      if (error) throw PlatformException.validation([error]);
    }
    const compare = query.compare ?? 'none';
    const cohortBy = query.cohortBy ?? 'month';
    const landmarkDays = query.landmarkDays ?? DEFAULT_LANDMARK_DAYS;
    const outcomes = await this.reports.episodeOutcomes(day, from, to, compare, landmarkDays, cohortBy);
    const report: RetentionReport = {
      clinic: reportClinic(clinic),
      asOf: day.asOf,
      from,
      to,
      compare,
      cohortBy,
      landmarkDays,
      analysis: analyseRetention(outcomes, compare, landmarkDays),
    };
    const format = query.format ?? 'json';
    const lang = reportLanguage(query.lang, acceptLanguage);
    const name = `retention-${clinic.code}-${day.asOf}`;
    const answer =
      format === 'csv'
        ? reportFile(retentionCsv(report, lang), CSV_TYPE, `${name}.csv`)
        : format === 'pdf'
          ? reportFile(await retentionPdf(report, lang), PDF_TYPE, `${name}.pdf`)
          : retentionDto(report);
    await this.recordRead(caller, clinic.id, 'report.retention', {
      from,
      to,
      compare,
      ...(compare === 'cohort' ? { cohortBy } : {}),
      landmarkDays: LANDMARK_COMPARISONS.includes(compare) ? landmarkDays : null,
      format,
      ...(format === 'json' ? {} : { lang }),
      episodes: report.analysis.episodes,
    });
    return answer;
  }

  async attendance(
    caller: Caller,
    query: AttendanceReportQueryDto,
    acceptLanguage?: string,
  ): Promise<AttendanceReportDto | StreamableFile> {
    const clinic = await this.ownClinic(caller);
    const today = this.clock.today(clinic.timeZone);
    const { from, to } = reportWindow(query, today, false);
    const format = query.format ?? 'json';
    const lang = reportLanguage(query.lang, acceptLanguage);
    if (query.by === 'member') return this.memberAttendance(caller, clinic, from, to, format, lang);
    const rows = await this.reports.groupAttendance(clinic.id, from, to, today);
    const report: AttendanceReport = {
      clinic: reportClinic(clinic),
      from,
      to,
      groups: rows.map((row) => ({ ...row, attendanceRate: row.recorded > 0 ? row.present / row.recorded : null })),
    };
    await this.recordRead(caller, clinic.id, 'report.attendance', { from, to, format, groups: rows.length });
    if (format === 'csv') return reportFile(attendanceCsv(report, lang), CSV_TYPE, `attendance-${clinic.code}-${from}-${to}.csv`);
    return {
      from,
      to,
      groups: report.groups.map(({ groupId, name, meetings, members, attendanceRate }) => ({
        groupId,
        name,
        meetings,
        members,
        attendanceRate,
      })),
    };
  }

  /**
   * Attendance per group and member: client data, so only the clients the
   * access policy lets the caller see (filtered in SQL), and one list-read
   * event naming each client shown (it is in each client's access log),
   * committed before the answer leaves.
   */
  private async memberAttendance(
    caller: Caller,
    clinic: ClinicDto,
    from: string,
    to: string,
    format: 'json' | 'csv',
    lang: ReturnType<typeof reportLanguage>,
  ): Promise<AttendanceReportDto | StreamableFile> {
    const visible = await this.policy.visibleSql(caller, 'c');
    const members = await this.reports.memberAttendance(clinic.id, from, to, visible);
    await this.dataSource.transaction((em) =>
      this.audit.recordList(em, actorOf(caller), {
        action: 'report.member_attendance',
        clinicId: clinic.id,
        clientIds: members.map((m) => m.clientId),
        grounds: 'role',
        targetType: 'clinic',
        targetId: clinic.id,
        details: { from, to, format },
      }),
    );
    if (format === 'csv') {
      const report: MemberAttendanceReport = { clinic: reportClinic(clinic), from, to, members };
      return reportFile(memberAttendanceCsv(report, lang), CSV_TYPE, `attendance-members-${clinic.code}-${from}-${to}.csv`);
    }
    return { from, to, members: members.map((m) => ({ ...m })) };
  }

  async dosing(caller: Caller, query: DosingReportQueryDto, acceptLanguage?: string): Promise<DosingReportDto | StreamableFile> {
    const clinic = await this.ownClinic(caller);
    const day = this.clinicDay(clinic);
    const { from, to } = reportWindow(query, day.asOf, true);
    const groupBy = query.groupBy ?? 'day';
    const lang = reportLanguage(query.lang, acceptLanguage);
    const [rows, dispensed] = await Promise.all([this.reports.dosingDays(day, from, to), this.reports.dispensedByDay(clinic.id, from, to)]);
    const report: DosingReport = {
      clinic: reportClinic(clinic),
      from,
      to,
      days: rows.map((row) => {
        const ended = row.day < day.asOf;
        const missed = ended ? row.census - row.covered : null;
        return {
          ...row,
          missed,
          missedRate: missed !== null && row.census > 0 ? missed / row.census : null,
          dispensedMg: dispensed.get(row.day) ?? 0,
        };
      }),
    };
    const format = query.format ?? 'json';
    await this.recordRead(caller, clinic.id, 'report.dosing', { from, to, format, ...(groupBy === 'day' ? {} : { groupBy }) });
    const file = `dosing-${clinic.code}-${from}-${to}`;
    if (groupBy !== 'day') {
      const periods = dosingPeriods(report.days, groupBy);
      if (format === 'csv') return reportFile(dosingPeriodsCsv(report, periods, lang), CSV_TYPE, `${file}-${groupBy}.csv`);
      return {
        from,
        to,
        groupBy,
        periods: periods.map(({ period, from: first, to: last, days, census, doses, missedRate, dispensedMg }) => ({
          period,
          from: first,
          to: last,
          days,
          census,
          doses,
          missedRate,
          dispensedMg,
        })),
      };
    }
    if (format === 'csv') return reportFile(dosingCsv(report, lang), CSV_TYPE, `${file}.csv`);
    return {
      from,
      to,
      groupBy,
      days: report.days.map(({ day: date, census, doses, missedRate, dispensedMg }) => ({
        day: date,
        census,
        doses,
        missedRate,
        dispensedMg,
      })),
    };
  }

  /** Drug tests per month: tests, refusals and positive opiate tests (refusals counted positive) and their rate. */
  async drugTests(caller: Caller, query: DrugTestReportQueryDto, acceptLanguage?: string): Promise<DrugTestReportDto | StreamableFile> {
    const clinic = await this.ownClinic(caller);
    const day = this.clinicDay(clinic);
    const to = query.to ?? day.asOf;
    const { from } = reportWindow({ ...query, from: query.from ?? firstOfMonthsBefore(to, 11), to }, day.asOf, false);
    const rows = await this.reports.drugTestMonths(clinic.id, from, to);
    const report: DrugTestReport = {
      clinic: reportClinic(clinic),
      from,
      to,
      months: rows.map((row) => ({ ...row, rate: row.tests > 0 ? row.positiveOpiates / row.tests : null })),
    };
    const format = query.format ?? 'json';
    await this.recordRead(caller, clinic.id, 'report.drug_tests', { from, to, format });
    if (format === 'csv')
      return reportFile(
        drugTestsCsv(report, reportLanguage(query.lang, acceptLanguage)),
        CSV_TYPE,
        `drug-tests-${clinic.code}-${from}-${to}.csv`,
      );
    return { from, to, months: report.months };
  }

  /** The caller's own clinic: reports never take a clinic from the request. */
  /**
   * Where clients fall away from peer support (product.md, "Reports"): the
   * funnel of the clinic's clients in treatment in the window, and the
   * absences recorded by reason. Counts only; no client is named.
   */
  async peerUptake(caller: Caller, query: PeerUptakeQueryDto): Promise<PeerUptakeReportDto> {
    const clinic = await this.ownClinic(caller);
    const today = this.clock.today(clinic.timeZone);
    const { from, to } = reportWindow(query, today, false);
    const consentDay = to < today ? to : today;
    const steps = await this.reports.peerUptake(clinic.id, from, to, consentDay, clinic.timeZone);
    const absences = new Map(
      (await this.reports.absenceReasons(clinic.id, from, to)).map((row) => [row.reason ?? 'unrecorded', row.absences]),
    );
    const report: PeerUptakeReportDto = {
      from,
      to,
      funnel: [
        { step: 'in_treatment', clients: steps.inTreatment },
        { step: 'consented', clients: steps.consented },
        { step: 'joined', clients: steps.joined },
        { step: 'attended_once', clients: steps.attendedOnce },
        { step: 'attended_half', clients: steps.attendedHalf },
      ],
      absenceReasons: UPTAKE_REASONS.map((reason) => ({ reason, absences: absences.get(reason) ?? 0 })),
    };
    await this.recordRead(caller, clinic.id, 'report.peer_uptake', { from, to, clients: steps.inTreatment });
    return report;
  }

  private async ownClinic(caller: Caller): Promise<ClinicDto> {
    if (!caller.clinicId) throw PlatformException.forbidden();
    return this.clinics.callersClinic(caller);
  }

  private clinicDay(clinic: ClinicDto): ClinicDay {
    return { clinicId: clinic.id, asOf: this.clock.today(clinic.timeZone), dropoutDays: clinic.settings.dropoutDays };
  }

  /** One audit event per report read, about the clinic: parameters and counts, nothing about any client. */
  private async recordRead(caller: Caller, clinicId: string, action: string, details: Record<string, unknown>): Promise<void> {
    await this.dataSource.transaction((em) =>
      this.audit.record(em, actorOf(caller), { action, clinicId, targetType: 'clinic', targetId: clinicId, grounds: 'role', details }),
    );
  }
}

/** The first day of the month `months` calendar months before the month of `date`. */
function firstOfMonthsBefore(date: string, months: number): string {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

function reportClinic(clinic: ClinicDto): ReportClinic {
  return { id: clinic.id, code: clinic.code, name: clinic.name };
}

/**
 * A window longer than 10 years: `from` before the day after the same date
 * 10 years before `to` (29 February falls back to 28 February).
 */
export function windowTooLong(from: string, to: string): FieldError | null {
  const earliest = addDays(sameDateYearsBefore(to, MAX_WINDOW_YEARS), 1);
  if (from >= earliest) return null;
  return { field: 'from', message: `the window may span at most ${MAX_WINDOW_YEARS} years: from must be on or after ${earliest}` };
}

function sameDateYearsBefore(date: string, years: number): string {
  const year = String(Number(date.slice(0, 4)) - years).padStart(4, '0');
  const monthDay = date.slice(5) === '02-29' ? '02-28' : date.slice(5);
  return `${year}-${monthDay}`;
}

/**
 * The window of the attendance and dosing reports: `to` defaults to today,
 * `from` to 29 days before `to`; `from` after `to`, more than 10 years, or
 * (`notAfterToday`) a `to` after today is a 400.
 */
export function reportWindow(query: ReportWindowQueryDto, today: string, notAfterToday: boolean): { from: string; to: string } {
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -(DEFAULT_WINDOW_DAYS - 1));
  const errors: FieldError[] = [];
  if (notAfterToday && to > today) errors.push({ field: 'to', message: 'to must not lie after today' });
  if (from > to) errors.push({ field: 'to', message: 'to must not be before from' });
  else {
    const tooLong = windowTooLong(from, to);
    if (tooLong) errors.push(tooLong);
  }
  if (errors.length > 0) throw PlatformException.validation(errors);
  return { from, to };
}

function seriesDto(series: RetentionSeries): Pick<RetentionReportDto, 'retention' | 'curve' | 'followUp'> {
  return {
    ...(series.episodes > 0 ? { followUp: series.followUp } : {}),
    retention: { ...series.retention },
    curve: series.curve.map(({ day, survival, lower, upper, atRisk, events }) => ({ day, survival, lower, upper, atRisk, events })),
  };
}

function retentionDto(report: RetentionReport): RetentionReportDto {
  const { analysis } = report;
  return {
    asOf: report.asOf,
    episodes: analysis.episodes,
    events: analysis.events,
    censored: analysis.censored,
    ...seriesDto(analysis),
    ...(analysis.groups
      ? { groups: analysis.groups.map((group): RetentionGroupDto => ({ key: group.key, episodes: group.episodes, ...seriesDto(group) })) }
      : {}),
    ...(analysis.logRank ? { logRank: { chiSquare: analysis.logRank.chiSquare, pValue: analysis.logRank.pValue } } : {}),
  };
}
