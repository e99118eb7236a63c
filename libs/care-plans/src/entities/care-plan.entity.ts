import { Column, CreateDateColumn, Entity, ForeignKey, Index } from 'typeorm';
import { ClientRecord } from '@tongban/clients';

/** A client's care plan: one per treatment episode, started with its first goal. */
@Entity('care_plan')
@Index('UQ_care_plan_episode', ['episodeId'], { unique: true })
@Index('IDX_care_plan_client', ['clientId'])
export class CarePlan extends ClientRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('TreatmentEpisode', { onDelete: 'CASCADE' })
  episodeId!: string;

  /** The clinic day the plan started (its first goal): the first review is due this many review days after it. */
  @Column({ type: 'date' })
  startedOn!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('Staff')
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
