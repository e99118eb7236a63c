import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export type InteractionChannel = 'phone' | 'visit' | 'family_session' | 'message';
export const INTERACTION_CHANNELS: readonly InteractionChannel[] = ['phone', 'visit', 'family_session', 'message'];

/** Who started the contact: only contact the clinic starts needs the family_contact consent. */
export type InteractionInitiator = 'staff' | 'family' | 'client';
export const INTERACTION_INITIATORS: readonly InteractionInitiator[] = ['staff', 'family', 'client'];

/** One call, visit, family session or message with a family contact. */
@Entity('family_interaction')
@Check('CHK_family_interaction_channel', `"channel" IN ('phone', 'visit', 'family_session', 'message')`)
@Check('CHK_family_interaction_initiated_by', `"initiated_by" IN ('staff', 'family', 'client')`)
@Index('IDX_family_interaction_contact_date', ['familyContactId', 'date'])
@Index('IDX_family_interaction_client_date', ['clientId', 'date'])
export class FamilyInteraction {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('FamilyContact', { onDelete: 'CASCADE' })
  familyContactId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('Client', { onDelete: 'CASCADE' })
  clientId!: string;

  @Column({ type: 'uuid' })
  clinicId!: string;

  @Column({ type: 'date' })
  date!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: InteractionChannel;

  @Column({ type: 'varchar', length: 8, default: 'staff' })
  initiatedBy!: InteractionInitiator;

  /** Sealed free text. */
  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  @Column({ type: 'uuid' })
  recordedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt!: Date;
}
