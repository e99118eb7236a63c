import { Comparison, RetentionAnalysis } from './retention/retention-analysis';
import { GroupAttendanceRow } from './reports.repository';

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
}

export interface DosingReport {
  clinic: ReportClinic;
  from: string;
  to: string;
  days: DosingDay[];
}
