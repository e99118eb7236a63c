import { CohortPeriod } from './dto/report-query.dto';
import { Comparison, RetentionAnalysis } from './retention/retention-analysis';
import { GroupAttendanceRow, MemberAttendanceRow } from './reports.repository';

/** The clinic as a report names it: never any client. */
export interface ReportClinic {
  id: string;
  code: string;
  name: string;
}

export interface RetentionReport {
  clinic: ReportClinic;
  asOf: string;
  /** The selection asked for (null: open-ended). */
  from: string | null;
  to: string | null;
  compare: Comparison;
  cohortBy: CohortPeriod;
  landmarkDays: number;
  analysis: RetentionAnalysis;
}

export interface GroupAttendance extends GroupAttendanceRow {
  attendanceRate: number | null;
}

export interface AttendanceReport {
  clinic: ReportClinic;
  from: string;
  to: string;
  groups: GroupAttendance[];
}

export interface DosingDay {
  day: string;
  census: number;
  doses: number;
  /** Clients in treatment whose day was covered (observed dose or take-home). */
  covered: number;
  /** census − covered; null for today, which is not missed until it has ended. */
  missed: number | null;
  missedRate: number | null;
  /** Methadone handed over that day (mg): observed doses plus take-homes (dose × days covered). */
  dispensedMg: number;
}

/** Days of the dosing report summed by ISO week or calendar month, clipped to the window. */
export interface DosingPeriod {
  /** `YYYY-MM-DD` of the week's Monday (`week`), `YYYY-MM` (`month`), or the day (`day`). */
  period: string;
  from: string;
  to: string;
  days: number;
  /** The mean daily census over the period's days. */
  census: number;
  /** The daily censuses summed. */
  clientDays: number;
  doses: number;
  /** Missed client days of the period's ended days; null when none has ended. */
  missed: number | null;
  /** missed ÷ the census of the ended days. */
  missedRate: number | null;
  dispensedMg: number;
}

export interface MemberAttendanceReport {
  clinic: ReportClinic;
  from: string;
  to: string;
  members: MemberAttendanceRow[];
}

export interface DosingReport {
  clinic: ReportClinic;
  from: string;
  to: string;
  days: DosingDay[];
}

/** The drug-test report: per calendar month of the window. */
export interface DrugTestReport {
  clinic: ReportClinic;
  from: string;
  to: string;
  months: Array<{ month: string; tests: number; refused: number; positiveOpiates: number; rate: number | null }>;
}
