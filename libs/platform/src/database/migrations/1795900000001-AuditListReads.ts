import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One audit event per list read, naming the clients it showed (`client_ids`,
 * GIN-indexed so a client's access log finds it); such events are hashed with
 * version 3, which covers the column.
 */
export class AuditListReads1795900000001 implements MigrationInterface {
  name = 'AuditListReads1795900000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "audit_event"
            ADD "client_ids" uuid array
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_audit_event_client_ids" ON "audit_event" USING GIN ("client_ids")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_audit_event_client_ids"
        `);
    await queryRunner.query(`
            ALTER TABLE "audit_event" DROP COLUMN "client_ids"
        `);
  }
}
