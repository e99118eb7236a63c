import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type AttendanceStatus = 'present' | 'absent' | 'excused';
export const ATTENDANCE_STATUSES: readonly AttendanceStatus[] = ['present', 'absent', 'excused'];

/** Why a member was absent (the uptake report counts them). */
export type AbsenceReason = 'work' | 'transport' | 'health' | 'privacy' | 'not_interested' | 'other';
export const ABSENCE_REASONS: readonly AbsenceReason[] = ['work', 'transport', 'health', 'privacy', 'not_interested', 'other'];

/**
 * A member's attendance at one meeting. The clinic and the meeting's date
 * are copied here so reports (first attendance per client, rates per clinic)
 * read one indexed table.
 */
@Entity('peer_attendance')
@Check('CHK_peer_attendance_status', `"status" IN ('present', 'absent', 'excused')`)
@Check(
  'CHK_peer_attendance_reason',
  `"reason" IS NULL OR ("status" = 'absent' AND "reason" IN ('work', 'transport', 'health', 'privacy', 'not_interested', 'other'))`,
)
@Index('IDX_peer_attendance_client_date', ['clientId', 'meetingDate'])
@Index('IDX_peer_attendance_clinic_date', ['clinicId', 'meetingDate'])
export class PeerAttendance {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey('PeerMeeting', { onDelete: 'CASCADE' })
  meetingId!: string;

  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey('Client', { onDelete: 'CASCADE' })
  clientId!: string;

  @Column({ type: 'uuid' })
  clinicId!: string;

  @Column({ type: 'date' })
  meetingDate!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: AttendanceStatus;

  /** Only for an absence. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  reason!: AbsenceReason | null;

  @Column({ type: 'uuid' })
  recordedBy!: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  recordedAt!: Date;
}
