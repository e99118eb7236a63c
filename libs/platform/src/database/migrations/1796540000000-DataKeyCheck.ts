import { MigrationInterface, QueryRunner } from 'typeorm';

/** A value sealed with the data key, checked at every start (a wrong or lost key stops the process). */
export class DataKeyCheck1796540000000 implements MigrationInterface {
  name = 'DataKeyCheck1796540000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "data_key_check" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(32) NOT NULL,
                "sealed" text NOT NULL,
                CONSTRAINT "UQ_data_key_check_name" UNIQUE ("name"),
                CONSTRAINT "PK_data_key_check" PRIMARY KEY ("id")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "data_key_check"
        `);
  }
}
