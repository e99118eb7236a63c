import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One meeting of a group, on a clinic day (past days allowed: leaders catch up on paperwork). */
@Entity('peer_meeting')
@Index('IDX_peer_meeting_group_date', ['groupId', 'date'])
export class PeerMeeting {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('PeerGroup', { onDelete: 'CASCADE' })
  groupId!: string;

  @Column({ type: 'uuid' })
  clinicId!: string;

  @Column({ type: 'date' })
  date!: string;

  /** HH:MM in the clinic's time zone. */
  @Column({ type: 'varchar', length: 5, nullable: true })
  startsAt!: string | null;

  /** Sealed free text. */
  @Column({ type: 'text', nullable: true })
  topic!: string | null;

  @Column({ type: 'uuid' })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
