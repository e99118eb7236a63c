import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The clinic that gave each dose (guest dosing): a guest's dose
 * leaves the host clinic's stock and belongs on its day sheet. Existing
 * doses: the client's clinic, except those a host clinic's staff recorded on
 * a day of an arrangement with that clinic, which are the host's.
 */
export class DoseDispensingClinic1797000200000 implements MigrationInterface {
  name = 'DoseDispensingClinic1797000200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "dosing_visit" ADD "dispensing_clinic_id" uuid`);
    await queryRunner.query(`UPDATE "dosing_visit" SET "dispensing_clinic_id" = "clinic_id"`);
    await queryRunner.query(`
            UPDATE "dosing_visit" v SET "dispensing_clinic_id" = s."clinic_id"
              FROM "staff" s
             WHERE s."id" = v."recorded_by" AND s."clinic_id" <> v."clinic_id"
               AND EXISTS (SELECT 1 FROM "guest_dosing" g
                            WHERE g."client_id" = v."client_id" AND g."host_clinic_id" = s."clinic_id"
                              AND v."clinic_day" BETWEEN g."from_date" AND g."until_date")
        `);
    await queryRunner.query(`ALTER TABLE "dosing_visit" ALTER COLUMN "dispensing_clinic_id" SET NOT NULL`);
    await queryRunner.query(`
            CREATE INDEX "IDX_dosing_visit_dispensing_day" ON "dosing_visit" ("dispensing_clinic_id", "clinic_day")
        `);
    await queryRunner.query(`
            ALTER TABLE "dosing_visit"
            ADD CONSTRAINT "FK_75fbda1278c5227c67f5460dd92" FOREIGN KEY ("dispensing_clinic_id") REFERENCES "clinic"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "dosing_visit" DROP CONSTRAINT "FK_75fbda1278c5227c67f5460dd92"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dosing_visit_dispensing_day"`);
    await queryRunner.query(`ALTER TABLE "dosing_visit" DROP COLUMN "dispensing_clinic_id"`);
  }
}
