import { MigrationInterface, QueryRunner } from 'typeorm';

/** A client's photo, sealed, at most one per client (issue #15). */
export class ClientPhoto1796531875770 implements MigrationInterface {
  name = 'ClientPhoto1796531875770';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "client_photo" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "client_id" uuid NOT NULL,
                "clinic_id" uuid NOT NULL,
                "content_type" character varying(16) NOT NULL,
                "image" text NOT NULL,
                "byte_size" integer NOT NULL,
                "updated_by" uuid NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "CHK_client_photo_type" CHECK ("content_type" IN ('image/jpeg', 'image/png')),
                CONSTRAINT "PK_6daa6c129e3a94bff012827f2d1" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_client_photo_client" ON "client_photo" ("client_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "client_photo"
            ADD CONSTRAINT "FK_b477c5feca225aa955f39d18bb5" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "client_photo" DROP CONSTRAINT "FK_b477c5feca225aa955f39d18bb5"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_client_photo_client"
        `);
    await queryRunner.query(`
            DROP TABLE "client_photo"
        `);
  }
}
