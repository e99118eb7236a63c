import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('clinic')
@Check('CHK_clinic_drug_tests_per_month', '"drug_tests_per_month" BETWEEN 0 AND 8')
@Check(
  'CHK_clinic_thresholds',
  '"missed_doses_assess" >= 1 AND "missed_doses_retitrate" > "missed_doses_assess" AND "dropout_days" > "missed_doses_retitrate"',
)
export class Clinic {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 8, unique: true })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 64, default: 'Asia/Shanghai' })
  timeZone!: string;

  @Column({ type: 'int', default: 3 })
  missedDosesAssess!: number;

  @Column({ type: 'int', default: 5 })
  missedDosesRetitrate!: number;

  @Column({ type: 'int', default: 30 })
  dropoutDays!: number;

  /** Days between care-plan reviews: a plan is due for review this long after its latest review (or its start). */
  @Column({ type: 'int', default: 90 })
  carePlanReviewDays!: number;

  @Column({ type: 'char', length: 5, default: '21:00' })
  quietHoursStart!: string;

  @Column({ type: 'char', length: 5, default: '08:00' })
  quietHoursEnd!: string;

  /** Random urine tests asked of each client in treatment a month (the drug tests' due list). */
  @Column({ type: 'smallint', default: 1 })
  drugTestsPerMonth!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
