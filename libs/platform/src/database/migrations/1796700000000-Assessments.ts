import { MigrationInterface, QueryRunner } from 'typeorm';

/** Standard assessments (MSPSS, PSAS, PHQ-9): scores in plain columns, the answers sealed. */
export class Assessments1796700000000 implements MigrationInterface {
  name = 'Assessments1796700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "assessment" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "client_id" uuid NOT NULL,
                "clinic_id" uuid NOT NULL,
                "counselor_id" uuid NOT NULL,
                "instrument" character varying(16) NOT NULL,
                "date" date NOT NULL,
                "total" double precision NOT NULL,
                "subscales" jsonb NOT NULL,
                "band" character varying(32),
                "answers" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_assessment_instrument" CHECK ("instrument" IN ('mspss', 'stigma', 'phq9')),
                CONSTRAINT "PK_c511a7dc128256876b6b1719401" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_assessment_client_instrument_date" ON "assessment" ("client_id", "instrument", "date")
        `);
    await queryRunner.query(`
            ALTER TABLE "assessment"
            ADD CONSTRAINT "FK_b8f6bebdaeafdd668194c8e883e" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "assessment"
            ADD CONSTRAINT "FK_697e6bfd4ed83b7614458ecab15" FOREIGN KEY ("counselor_id") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "assessment" DROP CONSTRAINT "FK_697e6bfd4ed83b7614458ecab15"
        `);
    await queryRunner.query(`
            ALTER TABLE "assessment" DROP CONSTRAINT "FK_b8f6bebdaeafdd668194c8e883e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_assessment_client_instrument_date"
        `);
    await queryRunner.query(`
            DROP TABLE "assessment"
        `);
  }
}
