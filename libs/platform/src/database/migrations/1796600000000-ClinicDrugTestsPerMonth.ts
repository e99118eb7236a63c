import { MigrationInterface, QueryRunner } from 'typeorm';

/** The clinic setting `drugTestsPerMonth`: random urine tests asked of each client in treatment a month (0–8, default 1). */
export class ClinicDrugTestsPerMonth1796600000000 implements MigrationInterface {
  name = 'ClinicDrugTestsPerMonth1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clinic" ADD "drug_tests_per_month" smallint NOT NULL DEFAULT '1'`);
    await queryRunner.query(
      `ALTER TABLE "clinic" ADD CONSTRAINT "CHK_clinic_drug_tests_per_month" CHECK ("drug_tests_per_month" BETWEEN 0 AND 8)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clinic" DROP CONSTRAINT "CHK_clinic_drug_tests_per_month"`);
    await queryRunner.query(`ALTER TABLE "clinic" DROP COLUMN "drug_tests_per_month"`);
  }
}
