import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The (clinic_id, clinic_day) index of dosing visits also carries the
 * columns the dosing report reads (client, kind, part, days covered), so the
 * report reads a window of a clinic's doses from the index alone instead of
 * visiting one table page per dose: a clinic's doses of a day lie on as many
 * pages as it has clients, since each client's rows were written over time.
 * Same name and key, so every statement that used the index still does.
 * TypeORM cannot express INCLUDE: the entity declares the index with
 * `synchronize: false`.
 */
export class DosingVisitClinicDayCovering1796533448648 implements MigrationInterface {
  name = 'DosingVisitClinicDayCovering1796533448648';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_dosing_visit_clinic_day"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_dosing_visit_clinic_day" ON "dosing_visit" ("clinic_id", "clinic_day") INCLUDE ("client_id", "kind", "part", "covers_days")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_dosing_visit_clinic_day"`);
    await queryRunner.query(`CREATE INDEX "IDX_dosing_visit_clinic_day" ON "dosing_visit" ("clinic_id", "clinic_day")`);
  }
}
