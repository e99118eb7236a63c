import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '@tongban/platform';

/** A staff account. An admin belongs to no clinic; everyone else to exactly one. */
@Entity('staff')
@Check('CHK_staff_role', `"role" IN ('admin', 'coordinator', 'physician', 'nurse', 'counselor', 'peer_leader')`)
@Check('CHK_staff_admin_has_no_clinic', `("role" = 'admin') = ("clinic_id" IS NULL)`)
@Index('IDX_staff_clinic_role', ['clinicId', 'role'])
export class Staff {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored in lower case; unique. */
  @Column({ type: 'varchar', length: 64, unique: true })
  username!: string;

  @Column({ type: 'text' })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 200 })
  displayName!: string;

  @Column({ type: 'varchar', length: 32 })
  role!: Role;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('Clinic')
  clinicId!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /**
   * The password was set by someone else (the bootstrap admin's, one given at
   * creation, an admin's reset): until its owner changes it, only the own
   * account's routes answer (403 PASSWORD_CHANGE_REQUIRED elsewhere).
   */
  @Column({ type: 'boolean', default: false })
  mustChangePassword!: boolean;

  /** Sessions started before this instant no longer work (set when an admin resets the password). */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  sessionsValidAfter!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
