import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A clinic's secret for the random choice of test days: 32 random bytes,
 * created when first needed, stored sealed like personal data. Whoever knows
 * it could foresee every client's test days, so it never leaves the server.
 */
@Entity('drug_test_key')
export class DrugTestKey {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', unique: true })
  @ForeignKey('Clinic', { onDelete: 'CASCADE' })
  clinicId!: string;

  /** Sealed base64 of the 32 bytes. */
  @Column({ type: 'text' })
  secret!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
