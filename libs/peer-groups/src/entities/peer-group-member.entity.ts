import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A client's membership of a group, from joining until leaving. Leaving
 * keeps the row (history for the care team and reports); a client may join
 * again later (a new row). Membership is visible only while the client's
 * peer_support consent is active.
 */
@Entity('peer_group_member')
@Index('UQ_peer_group_member_current', ['groupId', 'clientId'], { unique: true, where: '"left_at" IS NULL' })
@Index('IDX_peer_group_member_client', ['clientId'])
export class PeerGroupMember {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('PeerGroup', { onDelete: 'CASCADE' })
  groupId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('Client', { onDelete: 'CASCADE' })
  clientId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  joinedAt!: Date;

  @Column({ type: 'uuid' })
  addedBy!: string;

  @Column({ type: 'timestamptz', nullable: true })
  leftAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  removedBy!: string | null;
}
