import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ClientStatus } from '../access';

/**
 * A client of a clinic. Everything that identifies a person is sealed
 * (encrypted in the application, see FieldCipher); `code` is the pseudonym
 * people see. `national_id_hash` is a blind index for the duplicate check.
 */
@Entity('client')
@Check('CHK_client_status', `"status" IN ('active', 'dropped_out', 'discharged', 'transferred', 'deceased')`)
@Check('CHK_client_sex', `"sex" IN ('female', 'male', 'other', 'unknown')`)
@Check('CHK_client_language', `"preferred_language" IN ('zh-CN', 'en')`)
@Index('UQ_client_clinic_national_id', ['clinicId', 'nationalIdHash'], { unique: true, where: '"national_id_hash" IS NOT NULL' })
@Index('IDX_client_clinic_code', ['clinicId', 'code'])
export class Client {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('Clinic')
  clinicId!: string;

  @Column({ type: 'varchar', length: 20, unique: true })
  code!: string;

  @Column({ type: 'text' })
  givenName!: string;

  @Column({ type: 'text' })
  familyName!: string;

  @Column({ type: 'text', nullable: true })
  preferredName!: string | null;

  @Column({ type: 'text' })
  dateOfBirth!: string;

  @Column({ type: 'varchar', length: 8 })
  sex!: string;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  nationalId!: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  nationalIdHash!: string | null;

  @Column({ type: 'varchar', length: 8, default: 'zh-CN' })
  preferredLanguage!: string;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: ClientStatus;

  @Column({ type: 'uuid' })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
