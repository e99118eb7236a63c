import { MigrationInterface, QueryRunner } from 'typeorm';

/** Transfers of clients between clinics (issue #20). */
export class ClientTransfers1796980100000 implements MigrationInterface {
  name = 'ClientTransfers1796980100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "client_transfer" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "client_id" uuid NOT NULL,
                "clinic_id" uuid NOT NULL,
                "client_code" character varying(32) NOT NULL,
                "to_clinic_id" uuid NOT NULL,
                "transfer_date" date NOT NULL,
                "client_agreed" boolean NOT NULL,
                "status" character varying(16) NOT NULL,
                "proposed_by" uuid NOT NULL,
                "proposed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "decided_by" uuid,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "new_client_id" uuid,
                CONSTRAINT "CHK_client_transfer_agreed" CHECK ("client_agreed"),
                CONSTRAINT "CHK_client_transfer_clinics" CHECK ("to_clinic_id" <> "clinic_id"),
                CONSTRAINT "CHK_client_transfer_status" CHECK ("status" IN ('pending', 'accepted', 'declined')),
                CONSTRAINT "PK_3b83f05928e189371d642fa5307" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_client_transfer_from_clinic" ON "client_transfer" ("clinic_id", "proposed_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_client_transfer_to_clinic" ON "client_transfer" ("to_clinic_id", "proposed_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_client_transfer_pending" ON "client_transfer" ("client_id")
            WHERE "status" = 'pending'
        `);
    await queryRunner.query(`
            ALTER TABLE "client_transfer"
            ADD CONSTRAINT "FK_9c48f2bae3cf470f7c7c871ee30" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "client_transfer"
            ADD CONSTRAINT "FK_a502041c7a77d6fc74f94ae768c" FOREIGN KEY ("to_clinic_id") REFERENCES "clinic"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "client_transfer"
            ADD CONSTRAINT "FK_b8695c5d133ee9f39cef885efaa" FOREIGN KEY ("proposed_by") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "client_transfer"
            ADD CONSTRAINT "FK_dae08adef1cc5b8dc01845df2ce" FOREIGN KEY ("decided_by") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "client_transfer"
            ADD CONSTRAINT "FK_bdb7ac754730637d451c8a49bd6" FOREIGN KEY ("new_client_id") REFERENCES "client"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "client_transfer" DROP CONSTRAINT "FK_bdb7ac754730637d451c8a49bd6"
        `);
    await queryRunner.query(`
            ALTER TABLE "client_transfer" DROP CONSTRAINT "FK_dae08adef1cc5b8dc01845df2ce"
        `);
    await queryRunner.query(`
            ALTER TABLE "client_transfer" DROP CONSTRAINT "FK_b8695c5d133ee9f39cef885efaa"
        `);
    await queryRunner.query(`
            ALTER TABLE "client_transfer" DROP CONSTRAINT "FK_a502041c7a77d6fc74f94ae768c"
        `);
    await queryRunner.query(`
            ALTER TABLE "client_transfer" DROP CONSTRAINT "FK_9c48f2bae3cf470f7c7c871ee30"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_client_transfer_pending"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_client_transfer_to_clinic"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_client_transfer_from_clinic"
        `);
    await queryRunner.query(`
            DROP TABLE "client_transfer"
        `);
  }
}
