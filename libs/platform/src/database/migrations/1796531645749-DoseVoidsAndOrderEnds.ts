import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Doses and orders are voided, never deleted; orders may end early. The
 * observed parts' unique index skips voided rows, and a new one allows one
 * take-home dispense per client and clinic day (voided ones aside).
 */
export class DoseVoidsAndOrderEnds1796531645749 implements MigrationInterface {
  name = 'DoseVoidsAndOrderEnds1796531645749';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_dosing_visit_observed_part"`);
    await queryRunner.query(`ALTER TABLE "dosing_visit" ADD "voided_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "dosing_visit" ADD "voided_by" uuid`);
    await queryRunner.query(`ALTER TABLE "dosing_visit" ADD "void_reason" text`);
    await queryRunner.query(`ALTER TABLE "dose_order" ADD "end_date" date`);
    await queryRunner.query(`ALTER TABLE "dose_order" ADD "end_reason" text`);
    await queryRunner.query(`ALTER TABLE "dose_order" ADD "ended_by" uuid`);
    await queryRunner.query(`ALTER TABLE "dose_order" ADD "voided_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "dose_order" ADD "voided_by" uuid`);
    await queryRunner.query(`ALTER TABLE "dose_order" ADD "void_reason" text`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_dosing_visit_observed_part" ON "dosing_visit" ("client_id", "clinic_day", "part") WHERE "kind" = 'observed' AND "voided_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_dosing_visit_take_home_day" ON "dosing_visit" ("client_id", "clinic_day") WHERE "kind" = 'take_home' AND "voided_at" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_dosing_visit_take_home_day"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_dosing_visit_observed_part"`);
    await queryRunner.query(`ALTER TABLE "dose_order" DROP COLUMN "void_reason"`);
    await queryRunner.query(`ALTER TABLE "dose_order" DROP COLUMN "voided_by"`);
    await queryRunner.query(`ALTER TABLE "dose_order" DROP COLUMN "voided_at"`);
    await queryRunner.query(`ALTER TABLE "dose_order" DROP COLUMN "ended_by"`);
    await queryRunner.query(`ALTER TABLE "dose_order" DROP COLUMN "end_reason"`);
    await queryRunner.query(`ALTER TABLE "dose_order" DROP COLUMN "end_date"`);
    await queryRunner.query(`ALTER TABLE "dosing_visit" DROP COLUMN "void_reason"`);
    await queryRunner.query(`ALTER TABLE "dosing_visit" DROP COLUMN "voided_by"`);
    await queryRunner.query(`ALTER TABLE "dosing_visit" DROP COLUMN "voided_at"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_dosing_visit_observed_part" ON "dosing_visit" ("client_id", "clinic_day", "part") WHERE "kind" = 'observed'`,
    );
  }
}
