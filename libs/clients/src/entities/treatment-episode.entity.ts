import { Check, Column, Entity, Index } from 'typeorm';
import { ClientRecord } from './client-record';

export type EpisodeEndReason = 'completed' | 'transferred' | 'deceased' | 'other' | 'dropout';

/** One admission to treatment, from intake to discharge or drop-out. At most one is open per client. */
@Entity('treatment_episode')
@Check(
  'CHK_treatment_episode_end_reason',
  `"end_reason" IS NULL OR "end_reason" IN ('completed', 'transferred', 'deceased', 'other', 'dropout')`,
)
@Check('CHK_treatment_episode_dates', `"end_date" IS NULL OR "end_date" >= "start_date"`)
@Index('UQ_treatment_episode_open', ['clientId'], { unique: true, where: '"end_date" IS NULL' })
@Index('IDX_treatment_episode_clinic_start', ['clinicId', 'startDate'])
export class TreatmentEpisode extends ClientRecord {
  @Column({ type: 'date' })
  startDate!: string;

  @Column({ type: 'date', nullable: true })
  endDate!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  endReason!: EpisodeEndReason | null;
}
