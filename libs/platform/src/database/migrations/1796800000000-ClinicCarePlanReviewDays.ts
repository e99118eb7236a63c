import { MigrationInterface, QueryRunner } from 'typeorm';

/** The clinic setting `carePlanReviewDays`: days from a care plan’s latest review (or its start) to the next one due. */
export class ClinicCarePlanReviewDays1796800000000 implements MigrationInterface {
  name = 'ClinicCarePlanReviewDays1796800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clinic" ADD "care_plan_review_days" integer NOT NULL DEFAULT '90'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clinic" DROP COLUMN "care_plan_review_days"`);
  }
}
