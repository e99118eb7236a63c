import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One known value sealed with the data key (a wrong or lost key must be
 * loud): a process whose configured keys cannot open it refuses to start.
 * One row, named `data_key`; key rotation re-seals it with everything else.
 */
@Entity('data_key_check')
export class DataKeyCheck {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 32, unique: true })
  name!: string;

  @Column({ type: 'text' })
  sealed!: string;
}
