import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** "Break the glass": a clinical staff member's time-limited access to one client, with a reason. */
@Entity('emergency_access')
@Index('IDX_emergency_access_staff_client', ['staffId', 'clientId', 'expiresAt'])
@Index('IDX_emergency_access_clinic_granted', ['clinicId', 'grantedAt'])
export class EmergencyAccess {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('Client', { onDelete: 'CASCADE' })
  clientId!: string;

  @Column({ type: 'uuid' })
  clinicId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('Staff')
  staffId!: string;

  @Column({ type: 'varchar', length: 32 })
  staffRole!: string;

  /** Sealed (encrypted) free text. */
  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'timestamptz' })
  grantedAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
