import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A peer leader who runs a group (a group has one or more). */
@Entity('peer_group_leader')
@Index('IDX_peer_group_leader_staff', ['staffId'])
export class PeerGroupLeader {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey('PeerGroup', { onDelete: 'CASCADE' })
  groupId!: string;

  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey('Staff')
  staffId!: string;
}
