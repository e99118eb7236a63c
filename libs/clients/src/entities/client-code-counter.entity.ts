import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** The last client number given out in a clinic; its row lock makes codes unique under concurrency. */
@Entity('client_code_counter')
export class ClientCodeCounter {
  @PrimaryColumn('uuid')
  @ForeignKey('Clinic')
  clinicId!: string;

  @Column({ type: 'int' })
  last!: number;
}
