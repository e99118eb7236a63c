import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index } from 'typeorm';
import { ClientRecord } from '@tongban/clients';

/**
 * A guest dosing arrangement (product.md "Clinical rules"): the client of the
 * home clinic (`clinicId`) may be dosed at the host clinic from `fromDate`
 * to `untilDate`, with the client's agreement, until it is ended early.
 * `clientCode` is the client's code when it was made (pseudonymous), so the
 * host sees who is coming without reading the client record.
 */
@Entity('guest_dosing')
@Check('CHK_guest_dosing_days', '"until_date" >= "from_date" AND "until_date" - "from_date" < 30')
@Check('CHK_guest_dosing_host', '"host_clinic_id" <> "clinic_id"')
@Check('CHK_guest_dosing_agreed', '"client_agreed"')
@Index('IDX_guest_dosing_client_days', ['clientId', 'fromDate'])
@Index('IDX_guest_dosing_host_days', ['hostClinicId', 'fromDate'])
@Index('IDX_guest_dosing_home_days', ['clinicId', 'fromDate'])
export class GuestDosing extends ClientRecord {
  @Column({ type: 'varchar', length: 32 })
  clientCode!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('Clinic')
  hostClinicId!: string;

  @Column({ type: 'date' })
  fromDate!: string;

  @Column({ type: 'date' })
  untilDate!: string;

  @Column({ type: 'boolean' })
  clientAgreed!: boolean;

  @Column({ type: 'uuid' })
  @ForeignKey('Staff')
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('Staff')
  endedBy!: string | null;
}
