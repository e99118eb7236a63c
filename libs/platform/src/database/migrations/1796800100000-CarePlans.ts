import { MigrationInterface, QueryRunner } from 'typeorm';

/** Care plans (one per treatment episode), their goals by domain and the goals’ dated reviews; descriptions and notes sealed. */
export class CarePlans1796800100000 implements MigrationInterface {
  name = 'CarePlans1796800100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "care_plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "client_id" uuid NOT NULL, "clinic_id" uuid NOT NULL, "episode_id" uuid NOT NULL, "started_on" date NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cf5bdacdd1e59009093b86399a7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_care_plan_client" ON "care_plan"  ("client_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_care_plan_episode" ON "care_plan"  ("episode_id") `);
    await queryRunner.query(
      `ALTER TABLE "care_plan" ADD CONSTRAINT "FK_2403ca94b0f1c319e65bd321593" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "care_plan" ADD CONSTRAINT "FK_8c6ecc496762bf6b6aa6707be84" FOREIGN KEY ("episode_id") REFERENCES "treatment_episode"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "care_plan" ADD CONSTRAINT "FK_7deeaad12ad3972ec77a4f72629" FOREIGN KEY ("created_by") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "care_plan_goal" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "client_id" uuid NOT NULL, "clinic_id" uuid NOT NULL, "care_plan_id" uuid NOT NULL, "domain" character varying(24) NOT NULL, "description" text NOT NULL, "target_date" date, "status" character varying(12) NOT NULL DEFAULT 'open', "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_care_plan_goal_status" CHECK ("status" IN ('open', 'achieved', 'dropped')), CONSTRAINT "CHK_care_plan_goal_domain" CHECK ("domain" IN ('health', 'drug_use', 'family', 'work_income', 'housing', 'legal', 'social_peer_support')), CONSTRAINT "PK_d0f654a6b83ab9e1a0e197f6125" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_care_plan_goal_plan" ON "care_plan_goal"  ("care_plan_id") `);
    await queryRunner.query(
      `ALTER TABLE "care_plan_goal" ADD CONSTRAINT "FK_06c627dcee7a4bf2fa64cde68e1" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "care_plan_goal" ADD CONSTRAINT "FK_6dbfd138ab683637aa6a14f7fb0" FOREIGN KEY ("care_plan_id") REFERENCES "care_plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "care_plan_goal" ADD CONSTRAINT "FK_c4a6d661a8fad9af02858c83638" FOREIGN KEY ("created_by") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "care_plan_review" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "client_id" uuid NOT NULL, "clinic_id" uuid NOT NULL, "goal_id" uuid NOT NULL, "date" date NOT NULL, "progress" character varying(8) NOT NULL, "note" text, "reviewed_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_care_plan_review_progress" CHECK ("progress" IN ('better', 'same', 'worse')), CONSTRAINT "PK_a8bbf6d1b9cb2fd3a0a957ddc48" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_care_plan_review_goal_date" ON "care_plan_review"  ("goal_id", "date") `);
    await queryRunner.query(
      `ALTER TABLE "care_plan_review" ADD CONSTRAINT "FK_93737d3b10d8f9fac302d18e126" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "care_plan_review" ADD CONSTRAINT "FK_1399d4ba349112e1810738533b9" FOREIGN KEY ("goal_id") REFERENCES "care_plan_goal"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "care_plan_review" ADD CONSTRAINT "FK_328c6d3f7b4bb71e8262eaed00c" FOREIGN KEY ("reviewed_by") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "care_plan_review" DROP CONSTRAINT "FK_93737d3b10d8f9fac302d18e126"`);
    await queryRunner.query(`ALTER TABLE "care_plan_review" DROP CONSTRAINT "FK_1399d4ba349112e1810738533b9"`);
    await queryRunner.query(`ALTER TABLE "care_plan_review" DROP CONSTRAINT "FK_328c6d3f7b4bb71e8262eaed00c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_care_plan_review_goal_date"`);
    await queryRunner.query(`DROP TABLE "care_plan_review"`);
    await queryRunner.query(`ALTER TABLE "care_plan_goal" DROP CONSTRAINT "FK_06c627dcee7a4bf2fa64cde68e1"`);
    await queryRunner.query(`ALTER TABLE "care_plan_goal" DROP CONSTRAINT "FK_6dbfd138ab683637aa6a14f7fb0"`);
    await queryRunner.query(`ALTER TABLE "care_plan_goal" DROP CONSTRAINT "FK_c4a6d661a8fad9af02858c83638"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_care_plan_goal_plan"`);
    await queryRunner.query(`DROP TABLE "care_plan_goal"`);
    await queryRunner.query(`ALTER TABLE "care_plan" DROP CONSTRAINT "FK_2403ca94b0f1c319e65bd321593"`);
    await queryRunner.query(`ALTER TABLE "care_plan" DROP CONSTRAINT "FK_8c6ecc496762bf6b6aa6707be84"`);
    await queryRunner.query(`ALTER TABLE "care_plan" DROP CONSTRAINT "FK_7deeaad12ad3972ec77a4f72629"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_care_plan_episode"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_care_plan_client"`);
    await queryRunner.query(`DROP TABLE "care_plan"`);
  }
}
