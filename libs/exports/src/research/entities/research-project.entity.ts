import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A research project the export serves, by its name, with its secret: 32
 * random bytes, created at its first export and stored sealed like personal
 * data. A client's research ID is a keyed hash of the client under it, so the
 * exports of one project link and those of two projects do not; whoever knew
 * it could link research IDs back to clients, so it never leaves the server.
 */
@Entity('research_project')
export class ResearchProject {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  name!: string;

  /** Sealed base64 of the 32 bytes. */
  @Column({ type: 'text' })
  secret!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
