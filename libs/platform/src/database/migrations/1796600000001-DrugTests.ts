import { MigrationInterface, QueryRunner } from 'typeorm';

/** Urine drug tests with a result per substance, and each clinic's sealed secret for the random choice of test days. */
export class DrugTests1796600000001 implements MigrationInterface {
  name = 'DrugTests1796600000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "drug_test" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "client_id" uuid NOT NULL, "clinic_id" uuid NOT NULL, "date" date NOT NULL, "observed" boolean NOT NULL, "refused" boolean NOT NULL, "positive_opiate" boolean NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f04c49545b41a3725fd637c6805" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_drug_test_clinic_date" ON "drug_test" ("clinic_id", "date")`);
    await queryRunner.query(`CREATE INDEX "IDX_drug_test_client_date" ON "drug_test" ("client_id", "date")`);
    await queryRunner.query(
      `CREATE TABLE "drug_test_result" ("test_id" uuid NOT NULL, "substance" character varying(20) NOT NULL, "result" character varying(10) NOT NULL, CONSTRAINT "CHK_drug_test_result_result" CHECK ("result" IN ('negative', 'positive', 'invalid')), CONSTRAINT "CHK_drug_test_result_substance" CHECK ("substance" IN ('opiates', 'morphine', 'heroin', 'methadone', 'buprenorphine', 'fentanyl', 'methamphetamine', 'amphetamine', 'ketamine', 'cocaine', 'cannabis', 'benzodiazepines', 'mdma')), CONSTRAINT "PK_96b589ab7264f415a9fc2df40c5" PRIMARY KEY ("test_id", "substance"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "drug_test_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "clinic_id" uuid NOT NULL, "secret" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_c158cdd9b1831159eb5d2a5c60f" UNIQUE ("clinic_id"), CONSTRAINT "PK_38a568cd85d1882b0d09f2365b4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "drug_test_key" ADD CONSTRAINT "FK_c158cdd9b1831159eb5d2a5c60f" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "drug_test_result" ADD CONSTRAINT "FK_8ffa80450b2fcada647b0b8b072" FOREIGN KEY ("test_id") REFERENCES "drug_test"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "drug_test" ADD CONSTRAINT "FK_d4d70653ad3be3817f2fd02d3ce" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "drug_test" ADD CONSTRAINT "FK_68fc55364fa0992670fc0564dec" FOREIGN KEY ("recorded_by") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "drug_test" DROP CONSTRAINT "FK_68fc55364fa0992670fc0564dec"`);
    await queryRunner.query(`ALTER TABLE "drug_test" DROP CONSTRAINT "FK_d4d70653ad3be3817f2fd02d3ce"`);
    await queryRunner.query(`ALTER TABLE "drug_test_result" DROP CONSTRAINT "FK_8ffa80450b2fcada647b0b8b072"`);
    await queryRunner.query(`ALTER TABLE "drug_test_key" DROP CONSTRAINT "FK_c158cdd9b1831159eb5d2a5c60f"`);
    await queryRunner.query(`DROP TABLE "drug_test_key"`);
    await queryRunner.query(`DROP TABLE "drug_test_result"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_drug_test_client_date"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_drug_test_clinic_date"`);
    await queryRunner.query(`DROP TABLE "drug_test"`);
  }
}
