import { Column, CreateDateColumn, Entity, Index, UpdateDateColumn } from 'typeorm';
import { ClientRecord } from '@tongban/clients';

/**
 * A relative or other natural support of a client. Everything that could
 * identify them (name, relationship, phone, notes) is sealed.
 */
@Entity('family_contact')
@Index('IDX_family_contact_client', ['clientId'])
export class FamilyContact extends ClientRecord {
  /** Sealed. */
  @Column({ type: 'text' })
  name!: string;

  /** Sealed. */
  @Column({ type: 'text' })
  relationship!: string;

  /** Sealed. */
  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  /** The client allows the clinic to contact this person (with an active family_contact consent as well). */
  @Column({ type: 'boolean' })
  mayContact!: boolean;

  @Column({ type: 'boolean', nullable: true })
  livesWithClient!: boolean | null;

  /** Sealed free text: how this person is involved. */
  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'uuid' })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
