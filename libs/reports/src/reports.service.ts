import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClinicDto, ClinicsService } from '@tongban/clinics';
import { actorOf, addDays, AuditService, Caller, Clock, daysBetween, FieldError, PlatformException } from '@tongban/platform';
import { DataSource } from 'typeorm';
import { AttendanceReportDto } from './dto/attendance-report.dto';
import { DosingReportDto } from './dto/dosing-report.dto';
import { DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS, ReportWindowQueryDto, RetentionQueryDto } from './dto/report-query.dto';
import { RetentionReportDto, RetentionGroupDto } from './dto/retention-report.dto';
import { attendanceCsv, dosingCsv, retentionCsv } from './export/report-csv';
import { CSV_TYPE, PDF_TYPE, reportFile } from './export/report-file';
import { retentionPdf } from './export/retention-pdf';
import { ClinicDay, ReportsRepository } from './reports.repository';
import { AttendanceReport, DosingReport, ReportClinic, RetentionReport } from './reports.types';
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
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Drop-outs the records show but no one has read yet count as drop-outs on
   * their last covered day: the repository derives them in SQL (read-only)
   * with the dosing rules, so the report is the same whether or not the
   * dispensing window has looked at those clients today.
   */
  async retention(caller: Caller, query: RetentionQueryDto): Promise<RetentionReportDto | StreamableFile> {
    const clinic = await this.ownClinic(caller);
    const day = this.clinicDay(clinic);
    const from = query.from ?? null;
    const to = query.to ?? null;
    if (from && to && from > to) throw PlatformException.validation([{ field: 'to', message: 'to must not be before from' }]);
    const compare = query.compare ?? 'none';
    const landmarkDays = query.landmarkDays ?? DEFAULT_LANDMARK_DAYS;
    const outcomes = await this.reports.episodeOutcomes(day, from, to, compare, landmarkDays);
    const report: RetentionReport = {
      clinic: reportClinic(clinic),
      asOf: day.asOf,
      from,
      to,
      compare,
      landmarkDays,
      analysis: analyseRetention(outcomes, compare, landmarkDays),
    };
    const format = query.format ?? 'json';
    const name = `retention-${clinic.code}-${day.asOf}`;
    const answer =
      format === 'csv'
        ? reportFile(retentionCsv(report), CSV_TYPE, `${name}.csv`)
        : format === 'pdf'
          ? reportFile(await retentionPdf(report), PDF_TYPE, `${name}.pdf`)
          : retentionDto(report);
    await this.recordRead(caller, clinic.id, 'report.retention', {
      from,
      to,
      compare,
      landmarkDays: LANDMARK_COMPARISONS.includes(compare) ? landmarkDays : null,
      format,
      episodes: report.analysis.episodes,
    });
    return answer;
  }

  async attendance(caller: Caller, query: ReportWindowQueryDto): Promise<AttendanceReportDto | StreamableFile> {
    const clinic = await this.ownClinic(caller);
    const today = this.clock.today(clinic.timeZone);
    const { from, to } = reportWindow(query, today, false);
    const rows = await this.reports.groupAttendance(clinic.id, from, to, today);
    const report: AttendanceReport = {
      clinic: reportClinic(clinic),
      from,
      to,
      groups: rows.map((row) => ({ ...row, attendanceRate: row.recorded > 0 ? row.present / row.recorded : null })),
    };
    const format = query.format ?? 'json';
    await this.recordRead(caller, clinic.id, 'report.attendance', { from, to, format, groups: rows.length });
    if (format === 'csv') return reportFile(attendanceCsv(report), CSV_TYPE, `attendance-${clinic.code}-${from}-${to}.csv`);
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

  async dosing(caller: Caller, query: ReportWindowQueryDto): Promise<DosingReportDto | StreamableFile> {
    const clinic = await this.ownClinic(caller);
    const day = this.clinicDay(clinic);
    const { from, to } = reportWindow(query, day.asOf, true);
    const rows = await this.reports.dosingDays(day, from, to);
    const report: DosingReport = {
      clinic: reportClinic(clinic),
      from,
      to,
      days: rows.map((row) => {
        const ended = row.day < day.asOf;
        const missed = ended ? row.census - row.covered : null;
        return { ...row, missed, missedRate: missed !== null && row.census > 0 ? missed / row.census : null };
      }),
    };
    const format = query.format ?? 'json';
    await this.recordRead(caller, clinic.id, 'report.dosing', { from, to, format });
    if (format === 'csv') return reportFile(dosingCsv(report), CSV_TYPE, `dosing-${clinic.code}-${from}-${to}.csv`);
    return { from, to, days: report.days.map(({ day: date, census, doses, missedRate }) => ({ day: date, census, doses, missedRate })) };
  }

  /** The caller's own clinic: reports never take a clinic from the request. */
  private async ownClinic(caller: Caller): Promise<ClinicDto> {
    if (!caller.clinicId) throw PlatformException.forbidden();
    return this.clinics.requireClinic(caller.clinicId);
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

function reportClinic(clinic: ClinicDto): ReportClinic {
  return { id: clinic.id, code: clinic.code, name: clinic.name };
}

/**
 * The window of the attendance and dosing reports: `to` defaults to today,
 * `from` to 29 days before `to`; `from` after `to`, more than 366 days, or
 * (`notAfterToday`) a `to` after today is a 400.
 */
export function reportWindow(query: ReportWindowQueryDto, today: string, notAfterToday: boolean): { from: string; to: string } {
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -(DEFAULT_WINDOW_DAYS - 1));
  const errors: FieldError[] = [];
  if (notAfterToday && to > today) errors.push({ field: 'to', message: 'to must not lie after today' });
  if (from > to) errors.push({ field: 'to', message: 'to must not be before from' });
  else if (daysBetween(from, to) + 1 > MAX_WINDOW_DAYS)
    errors.push({ field: 'from', message: `the window may span at most ${MAX_WINDOW_DAYS} days` });
  if (errors.length > 0) throw PlatformException.validation(errors);
  return { from, to };
}

function seriesDto(series: RetentionSeries): Pick<RetentionReportDto, 'retention' | 'curve'> {
  return {
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
