import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { ClientRecord } from '@tongban/clients';

/** The domains of a care plan's goals (product.md, "Care plan"), as stable keys. */
export const GOAL_DOMAINS = ['health', 'drug_use', 'family', 'work_income', 'housing', 'legal', 'social_peer_support'] as const;
export type GoalDomain = (typeof GOAL_DOMAINS)[number];

export const GOAL_STATUSES = ['open', 'achieved', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

/** A goal of a care plan. Its description is free text about the client: sealed. */
@Entity('care_plan_goal')
@Check(
  'CHK_care_plan_goal_domain',
  `"domain" IN ('health', 'drug_use', 'family', 'work_income', 'housing', 'legal', 'social_peer_support')`,
)
@Check('CHK_care_plan_goal_status', `"status" IN ('open', 'achieved', 'dropped')`)
@Index('IDX_care_plan_goal_plan', ['carePlanId'])
export class CarePlanGoal extends ClientRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('CarePlan', { onDelete: 'CASCADE' })
  carePlanId!: string;

  @Column({ type: 'varchar', length: 24 })
  domain!: GoalDomain;

  /** Sealed free text. */
  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'date', nullable: true })
  targetDate!: string | null;

  @Column({ type: 'varchar', length: 12, default: 'open' })
  status!: GoalStatus;

  @Column({ type: 'uuid' })
  @ForeignKey('Staff')
  createdBy!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
