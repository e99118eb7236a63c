import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { ClientRecord } from '../../entities/client-record';

/** "Break the glass": a clinical staff member's time-limited access to one client, with a reason. */
@Entity('emergency_access')
@Index('IDX_emergency_access_staff_client', ['staffId', 'clientId', 'expiresAt'])
@Index('IDX_emergency_access_clinic_granted', ['clinicId', 'grantedAt'])
export class EmergencyAccess extends ClientRecord {
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
