import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Version 2 of the audit chain's hash (ADR 0002): events written before it
 * keep version 1, which the verifier still checks; new events default to 2.
 * The head remembers the hash its last event links to.
 */
export class AuditLinkHash1795890113651 implements MigrationInterface {
  name = 'AuditLinkHash1795890113651';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "audit_event"
            ADD "hash_version" smallint NOT NULL DEFAULT '1'
        `);
    await queryRunner.query(`
            ALTER TABLE "audit_event"
            ALTER COLUMN "hash_version" SET DEFAULT '2'
        `);
    await queryRunner.query(`
            ALTER TABLE "audit_chain_head"
            ADD "prev_hash" character(64)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "audit_chain_head" DROP COLUMN "prev_hash"
        `);
    await queryRunner.query(`
            ALTER TABLE "audit_event" DROP COLUMN "hash_version"
        `);
  }
}
