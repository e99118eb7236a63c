import { Column, ForeignKey, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The columns every record about one client at a clinic starts with: its id, the client (the record goes when the
 * client is deleted) and the clinic that keeps it. An entity extends it and adds its own columns.
 */
export abstract class ClientRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('Client', { onDelete: 'CASCADE' })
  clientId!: string;

  @Column({ type: 'uuid' })
  clinicId!: string;
}
