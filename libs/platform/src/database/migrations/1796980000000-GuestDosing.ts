import { MigrationInterface, QueryRunner } from 'typeorm';

/** Guest dosing arrangements between clinics (issue #20). */
export class GuestDosing1796980000000 implements MigrationInterface {
  name = 'GuestDosing1796980000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "guest_dosing" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "client_id" uuid NOT NULL,
                "clinic_id" uuid NOT NULL,
                "client_code" character varying(32) NOT NULL,
                "host_clinic_id" uuid NOT NULL,
                "from_date" date NOT NULL,
                "until_date" date NOT NULL,
                "client_agreed" boolean NOT NULL,
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "ended_at" TIMESTAMP WITH TIME ZONE,
                "ended_by" uuid,
                CONSTRAINT "CHK_guest_dosing_agreed" CHECK ("client_agreed"),
                CONSTRAINT "CHK_guest_dosing_host" CHECK ("host_clinic_id" <> "clinic_id"),
                CONSTRAINT "CHK_guest_dosing_days" CHECK (
                    "until_date" >= "from_date"
                    AND "until_date" - "from_date" < 30
                ),
                CONSTRAINT "PK_78aaf26729f30f51c3136d660ce" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_guest_dosing_home_days" ON "guest_dosing" ("clinic_id", "from_date")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_guest_dosing_host_days" ON "guest_dosing" ("host_clinic_id", "from_date")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_guest_dosing_client_days" ON "guest_dosing" ("client_id", "from_date")
        `);
    await queryRunner.query(`
            ALTER TABLE "guest_dosing"
            ADD CONSTRAINT "FK_8a584732d46b3166d9bffac8b29" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "guest_dosing"
            ADD CONSTRAINT "FK_527cccc5a80514c28492839fea8" FOREIGN KEY ("host_clinic_id") REFERENCES "clinic"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "guest_dosing"
            ADD CONSTRAINT "FK_77071f598a0b6e4362e9615f605" FOREIGN KEY ("created_by") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "guest_dosing"
            ADD CONSTRAINT "FK_e9e281c94a77ebb59845270999a" FOREIGN KEY ("ended_by") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "guest_dosing" DROP CONSTRAINT "FK_e9e281c94a77ebb59845270999a"
        `);
    await queryRunner.query(`
            ALTER TABLE "guest_dosing" DROP CONSTRAINT "FK_77071f598a0b6e4362e9615f605"
        `);
    await queryRunner.query(`
            ALTER TABLE "guest_dosing" DROP CONSTRAINT "FK_527cccc5a80514c28492839fea8"
        `);
    await queryRunner.query(`
            ALTER TABLE "guest_dosing" DROP CONSTRAINT "FK_8a584732d46b3166d9bffac8b29"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_guest_dosing_client_days"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_guest_dosing_host_days"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_guest_dosing_home_days"
        `);
    await queryRunner.query(`
            DROP TABLE "guest_dosing"
        `);
  }
}
