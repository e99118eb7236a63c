import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { ClientRecord } from '@tongban/clients';

export const TRANSFER_STATUSES = ['pending', 'accepted', 'declined'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/**
 * A transfer (product.md "Transfer"): the home clinic (`clinicId`) proposes
 * moving its client to another clinic for good on `transferDate`, with the
 * client's agreement; the receiving clinic accepts or declines. Once
 * accepted, `newClientId` is the client's record there.
 */
@Entity('client_transfer')
@Check('CHK_client_transfer_status', `"status" IN ('pending', 'accepted', 'declined')`)
@Check('CHK_client_transfer_clinics', '"to_clinic_id" <> "clinic_id"')
@Check('CHK_client_transfer_agreed', '"client_agreed"')
@Index('UQ_client_transfer_pending', ['clientId'], { unique: true, where: `"status" = 'pending'` })
@Index('IDX_client_transfer_to_clinic', ['toClinicId', 'proposedAt'])
@Index('IDX_client_transfer_from_clinic', ['clinicId', 'proposedAt'])
export class ClientTransfer extends ClientRecord {
  @Column({ type: 'varchar', length: 32 })
  clientCode!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('Clinic')
  toClinicId!: string;

  @Column({ type: 'date' })
  transferDate!: string;

  @Column({ type: 'boolean' })
  clientAgreed!: boolean;

  @Column({ type: 'varchar', length: 16 })
  status!: TransferStatus;

  @Column({ type: 'uuid' })
  @ForeignKey('Staff')
  proposedBy!: string;

  @Column({ type: 'timestamptz' })
  proposedAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('Staff')
  decidedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('Client', { onDelete: 'SET NULL' })
  newClientId!: string | null;
}
