import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index } from 'typeorm';
import { ClientRecord } from '@tongban/clients';

export type CounselingType = 'individual' | 'family' | 'group';
export const COUNSELING_TYPES: readonly CounselingType[] = ['individual', 'family', 'group'];

/** A counseling session logged by the client's counselor. Topics and notes are the most sensitive text here: sealed. */
@Entity('counseling_session')
@Check('CHK_counseling_session_type', `"type" IN ('individual', 'family', 'group')`)
@Check('CHK_counseling_session_minutes', '"minutes" BETWEEN 1 AND 600')
@Index('IDX_counseling_session_client_date', ['clientId', 'date'])
@Index('IDX_counseling_session_next_appointment', ['nextAppointmentAt'], { where: '"next_appointment_at" IS NOT NULL' })
export class CounselingSession extends ClientRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('Staff')
  counselorId!: string;

  @Column({ type: 'date' })
  date!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: CounselingType;

  @Column({ type: 'smallint' })
  minutes!: number;

  /** Sealed JSON array of strings. */
  @Column({ type: 'text', nullable: true })
  topics!: string | null;

  /** Sealed free text. */
  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  nextAppointmentAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
