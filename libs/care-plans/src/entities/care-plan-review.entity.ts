import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { ClientRecord } from '@tongban/clients';

export const REVIEW_PROGRESS = ['better', 'same', 'worse'] as const;
export type ReviewProgress = (typeof REVIEW_PROGRESS)[number];

/** A dated review of a goal. Its note is as sensitive as a counseling note: sealed, and read only by the counselor. */
@Entity('care_plan_review')
@Check('CHK_care_plan_review_progress', `"progress" IN ('better', 'same', 'worse')`)
@Index('IDX_care_plan_review_goal_date', ['goalId', 'date'])
export class CarePlanReview extends ClientRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('CarePlanGoal', { onDelete: 'CASCADE' })
  goalId!: string;

  @Column({ type: 'date' })
  date!: string;

  @Column({ type: 'varchar', length: 8 })
  progress!: ReviewProgress;

  /** Sealed free text. */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'uuid' })
  @ForeignKey('Staff')
  reviewedBy!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
