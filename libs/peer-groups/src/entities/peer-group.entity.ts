import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type MeetingDay = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
export const MEETING_DAYS: readonly MeetingDay[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** A peer-support group of one clinic. Its name, day, time and place describe the group, not any client. */
@Entity('peer_group')
@Check(
  'CHK_peer_group_meeting_day',
  `"meeting_day" IS NULL OR "meeting_day" IN ('monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday')`,
)
@Index('IDX_peer_group_clinic', ['clinicId'])
export class PeerGroup {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('Clinic')
  clinicId!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  meetingDay!: MeetingDay | null;

  /** HH:MM in the clinic's time zone. */
  @Column({ type: 'varchar', length: 5, nullable: true })
  meetingTime!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  location!: string | null;

  @Column({ type: 'uuid' })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
