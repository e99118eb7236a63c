import { MigrationInterface, QueryRunner } from 'typeorm';

export class Dosing1795863314424 implements MigrationInterface {
  name = 'Dosing1795863314424';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "dose_order" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "client_id" uuid NOT NULL,
                "clinic_id" uuid NOT NULL,
                "dose_mg" numeric(6, 1) NOT NULL,
                "effective_date" date NOT NULL,
                "split_dose" boolean NOT NULL DEFAULT false,
                "take_home_days_per_week" integer NOT NULL DEFAULT '0',
                "note" text,
                "ordered_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_dose_order_take_home" CHECK (
                    "take_home_days_per_week" BETWEEN 0 AND 6
                ),
                CONSTRAINT "CHK_dose_order_dose" CHECK ("dose_mg" > 0),
                CONSTRAINT "PK_12d2672dd7e9281b3faae4f32a7" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_dose_order_client_effective" ON "dose_order" ("client_id", "effective_date")
        `);
    await queryRunner.query(`
            CREATE TABLE "dosing_visit" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "client_id" uuid NOT NULL,
                "clinic_id" uuid NOT NULL,
                "clinic_day" date NOT NULL,
                "dose_mg" numeric(6, 1) NOT NULL,
                "kind" character varying(16) NOT NULL,
                "part" smallint NOT NULL DEFAULT '1',
                "covers_days" smallint NOT NULL DEFAULT '0',
                "order_id" uuid,
                "reason" text,
                "assessment_note" text,
                "recorded_by" uuid,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_dosing_visit_covers" CHECK (
                    (
                        "kind" = 'observed'
                        AND "covers_days" = 0
                    )
                    OR (
                        "kind" = 'take_home'
                        AND "covers_days" BETWEEN 1 AND 6
                    )
                ),
                CONSTRAINT "CHK_dosing_visit_dose" CHECK ("dose_mg" > 0),
                CONSTRAINT "CHK_dosing_visit_kind" CHECK ("kind" IN ('observed', 'take_home')),
                CONSTRAINT "PK_3700043da900e9a82b4e749b1d0" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_dosing_visit_clinic_day" ON "dosing_visit" ("clinic_id", "clinic_day")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_dosing_visit_client_day" ON "dosing_visit" ("client_id", "clinic_day")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_dosing_visit_observed_part" ON "dosing_visit" ("client_id", "clinic_day", "part")
            WHERE "kind" = 'observed'
        `);
    await queryRunner.query(`
            ALTER TABLE "dose_order"
            ADD CONSTRAINT "FK_272e8383194f677e833622cd19b" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "dosing_visit"
            ADD CONSTRAINT "FK_d6e65d327b8378058901d61a9ea" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "dosing_visit" DROP CONSTRAINT "FK_d6e65d327b8378058901d61a9ea"
        `);
    await queryRunner.query(`
            ALTER TABLE "dose_order" DROP CONSTRAINT "FK_272e8383194f677e833622cd19b"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_dosing_visit_observed_part"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_dosing_visit_client_day"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_dosing_visit_clinic_day"
        `);
    await queryRunner.query(`
            DROP TABLE "dosing_visit"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_dose_order_client_effective"
        `);
    await queryRunner.query(`
            DROP TABLE "dose_order"
        `);
  }
}
