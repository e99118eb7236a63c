import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

export type CareTeamRole = 'counselor' | 'physician' | 'peer_leader';
export const CARE_TEAM_ROLES: readonly CareTeamRole[] = ['counselor', 'physician', 'peer_leader'];

/** A staff member on a client's care team, in one of three roles. */
@Entity('care_team_member')
@Check('CHK_care_team_member_role', `"role" IN ('counselor', 'physician', 'peer_leader')`)
@Index('IDX_care_team_member_staff', ['staffId', 'role'])
export class CareTeamMember {
  @PrimaryColumn('uuid')
  @ForeignKey('Client', { onDelete: 'CASCADE' })
  clientId!: string;

  @PrimaryColumn('uuid')
  @ForeignKey('Staff')
  staffId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: CareTeamRole;

  @Column({ type: 'uuid' })
  clinicId!: string;

  @Column({ type: 'uuid' })
  addedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt!: Date;
}
